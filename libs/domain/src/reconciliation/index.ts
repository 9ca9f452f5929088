export * from './disbursement.reconciler';
export * from './billing-row.superseder';
