export * from './disbursement.reconciler';
export * from './billing-event.rules';
export * from './unexpected-feed-item.explainer';
export * from './billing-row.buckets';
export * from './payment-schedule.due';
export * from './channel-sale.rules';
export * from './partner-revenue.rule';
export * from './feed-item.reconciler';
