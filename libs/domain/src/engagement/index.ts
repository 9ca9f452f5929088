export * from './engagement-rules.config';
export * from './registration-coverage.rule';
export * from './split-override.rule';
