export * from './listing-fee.schedule';
