export * from './usage-adoption.calculator';
export * from './account-risk.rules';
