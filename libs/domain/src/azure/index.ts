export * from './operation-acknowledgement.rule';
export * from './azure-plan-price.rule';
export * from './azure-term.rule';
export * from './azure-private-offer.rule';
