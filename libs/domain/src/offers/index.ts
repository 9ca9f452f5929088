export * from './released-offer.rules';
export * from './replacement-offer.rules';
