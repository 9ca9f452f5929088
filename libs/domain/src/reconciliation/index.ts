export * from './disbursement.reconciler';
export * from './billing-row.superseder';
export * from './unexpected-feed-item.explainer';
export * from './billing-row.buckets';
export * from './payment-schedule.due';
