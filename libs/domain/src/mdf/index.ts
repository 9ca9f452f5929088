export * from './mdf-request.lifecycle';
export * from './mdf-budget.rules';
export * from './mdf-roi.calculator';
