export * from './metering-window.rule';
export * from './usage-aggregation.key';
