export * from './attribution.types';
export * from './attribution.rule-ids';
export * from './revenue.attributor';
export * from './credit.reverser';
export * from './kicker.calculator';
export * from './agreement-credit.converger';
export * from './new-logo.rule';
