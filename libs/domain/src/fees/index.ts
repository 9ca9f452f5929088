export * from './listing-fee.schedule';
export * from './marketplace-fee.resolver';
