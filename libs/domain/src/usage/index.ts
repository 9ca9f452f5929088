export * from './metering-window.rule';
export * from './usage-aggregation.key';
export * from './usage-deadline.rule';
export * from './agreement-end.rule';
export * from './licence-key.rule';
