export * from './offer-value.rule';
