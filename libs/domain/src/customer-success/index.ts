export * from './usage-adoption.calculator';
export * from './account-risk.rules';
export * from './included-usage.calculator';
