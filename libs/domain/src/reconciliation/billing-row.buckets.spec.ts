import { billingRowBuckets, ROW_BUCKET } from './billing-row.buckets';

const names = (buckets: number) =>
  Object.entries(ROW_BUCKET)
    .filter(([, bit]) => buckets & bit)
    .map(([name]) => name)
    .sort();

describe('which totals a billing feed row counts towards', () => {
  it.each([
    // An invoiced seller share: the gross, owed to the seller or informational by its balance_impacting flag.
    ['INVOICED', 'SELLER_REV_SHARE', false, ['INFORMATIONAL', 'INVOICED', 'INVOICE_DATE']],
    ['INVOICED', 'SELLER_REV_SHARE', true, ['BALANCE', 'INVOICED', 'INVOICE_DATE']],
    // The listing fee is invoiced too, and reduces what the seller is owed.
    ['INVOICED', 'AWS_REV_SHARE', true, ['BALANCE', 'FEE', 'INVOICE_DATE']],
    // Refunds and credits, invoiced or forgiven; a forgiven share or fee is a refund as well.
    ['INVOICED', 'SELLER_REV_SHARE_REFUND', true, ['BALANCE', 'INVOICE_DATE', 'REFUND']],
    ['FORGIVEN', 'AWS_REV_SHARE_CREDIT', true, ['BALANCE', 'REFUND']],
    ['FORGIVEN', 'SELLER_REV_SHARE', false, ['INFORMATIONAL', 'REFUND']],
    // Tax is tax, never the seller's net.
    ['INVOICED', 'SELLER_TAX_SHARE', true, ['INVOICE_DATE', 'TAX']],
    ['INVOICED', 'AWS_TAX_SHARE', false, ['INVOICE_DATE', 'TAX']],
    // Disbursed: the item's net, the seller's gross, the line's net, gross and fee.
    ['DISBURSED', 'SELLER_REV_SHARE', true, ['DISBURSED', 'DISBURSED_GROSS', 'LINE', 'LINE_GROSS', 'LINE_NET']],
    ['DISBURSED', 'AWS_REV_SHARE', true, ['DISBURSED', 'LINE', 'LINE_FEE', 'LINE_NET']],
    // The seller's tax share is paid out with the lump sum (so the item's lines add up to it) but is not the item's net.
    ['DISBURSED', 'SELLER_TAX_SHARE', true, ['LINE', 'LINE_TAX']],
    ['DISBURSED', 'AWS_TAX_SHARE', true, ['LINE']],
    // The lump sum and balance rows stand for the account, not for an item.
    ['DISBURSED', 'DISBURSEMENT', true, []],
    ['DISBURSED', 'DISBURSEMENT_FAILURE', true, []],
    ['INVOICED', 'BALANCE_ADJUSTMENT', true, ['INVOICE_DATE']],
  ] as const)('%s %s (balance impacting: %s)', (action, type, balanceImpacting, expected) => {
    expect(names(billingRowBuckets(action, type, balanceImpacting))).toEqual([...expected].sort());
  });
});
