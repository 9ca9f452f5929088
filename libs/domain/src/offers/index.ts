export * from './released-offer.rules';
export * from './replacement-offer.rules';
export * from './offer-value.rule';
export * from './offer-expiry.rule';
