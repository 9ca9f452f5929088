export * from './commitment.types';
export * from './commit-drawdown.rule';
export * from './commit-burndown.calculator';
