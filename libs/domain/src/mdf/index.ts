export * from './mdf-request.lifecycle';
export * from './mdf-budget.rules';
export * from './mdf-roi.calculator';
export * from './mdf-attribution.rule';
