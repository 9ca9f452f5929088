export * from './metering-window.rule';
export * from './usage-aggregation.key';
export * from './usage-deadline.rule';
