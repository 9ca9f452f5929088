export * from './released-offer.rules';
