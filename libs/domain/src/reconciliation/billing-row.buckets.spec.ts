import { billingRowBuckets, ROW_BUCKET } from './billing-row.buckets';

const names = (buckets: number) =>
  Object.entries(ROW_BUCKET)
    .filter(([, bit]) => buckets & bit)
    .map(([name]) => name)
    .sort();

describe('which totals a billing feed row counts towards', () => {
  it.each([
    // An invoiced seller share: the gross, and collected or not by its balance_impacting flag.
    ['INVOICED', 'SELLER_REV_SHARE', false, ['INVOICED', 'INVOICE_DATE', 'UNCOLLECTED']],
    ['INVOICED', 'SELLER_REV_SHARE', true, ['COLLECTED', 'INVOICED', 'INVOICE_DATE']],
    // The listing fee is invoiced too, and counts towards what is collected net.
    ['INVOICED', 'AWS_REV_SHARE', true, ['COLLECTED', 'FEE', 'INVOICE_DATE']],
    // Refunds and credits, invoiced or forgiven; a forgiven share or fee is a refund as well.
    ['INVOICED', 'SELLER_REV_SHARE_REFUND', true, ['COLLECTED', 'INVOICE_DATE', 'REFUND']],
    ['FORGIVEN', 'AWS_REV_SHARE_CREDIT', true, ['COLLECTED', 'REFUND']],
    ['FORGIVEN', 'SELLER_REV_SHARE', false, ['REFUND', 'UNCOLLECTED']],
    // Tax is tax, never collected net.
    ['INVOICED', 'SELLER_TAX_SHARE', true, ['INVOICE_DATE', 'TAX']],
    // Disbursed: the item's net, the seller's gross, the line's net, gross and fee.
    ['DISBURSED', 'SELLER_REV_SHARE', true, ['DISBURSED', 'DISBURSED_GROSS', 'LINE', 'LINE_GROSS', 'LINE_NET']],
    ['DISBURSED', 'AWS_REV_SHARE', true, ['DISBURSED', 'LINE', 'LINE_FEE', 'LINE_NET']],
    ['DISBURSED', 'SELLER_TAX_SHARE', true, ['LINE']],
    // The lump sum and balance rows stand for the account, not for an item.
    ['DISBURSED', 'DISBURSEMENT', true, []],
    ['DISBURSED', 'BALANCE_ADJUSTMENT', true, []],
  ] as const)('%s %s (balance impacting: %s)', (action, type, balanceImpacting, expected) => {
    expect(names(billingRowBuckets(action, type, balanceImpacting))).toEqual([...expected].sort());
  });
});
