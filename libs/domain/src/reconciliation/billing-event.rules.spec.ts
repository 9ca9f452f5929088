import { billingEventExample, type DocumentedBillingRow } from '../../../../test/fixtures/aws/data-feeds/billing-event-feed';
import { parseDecimalToMinor } from '../money/decimal.parser';
import { pricedTermsValue } from '../offers/offer-value.rule';
import { amountSignProblem, itemAmountMinor, lumpSumOfRowsMinor } from './billing-event.rules';
import { billingRowBuckets, ROW_BUCKET } from './billing-row.buckets';
import { isCostOfGoods, manufacturerShareMinor } from './channel-sale.rules';

// The page's own examples (test/fixtures/aws/data-feeds/), amounts as it states them.
const manufacturer = billingEventExample('manufacturer').message;
const sellerOfRecord = billingEventExample('seller-of-record').message;
const minor = (row: DocumentedBillingRow) => parseDecimalToMinor(row.amount, 'USD');
const sign = (amount: bigint) => (amount > 0n ? 1n : amount < 0n ? -1n : 0n);
/** The seller-of-record page shows its paying rows as INVOICED; the column table makes a row with a parent and a disbursement a DISBURSED one. */
const actionOf = (row: DocumentedBillingRow) =>
  row.parent_billing_event_id && row.disbursement_billing_event_id ? 'DISBURSED' : row.action;
const byId = (rows: DocumentedBillingRow[]) => new Map(rows.map((r) => [r.billing_event_id, r]));

describe('the billing event feed as its documentation states it', () => {
  it('pays an invoiced row with a DISBURSED row that negates it: counted as paid, it is the invoiced amount again', () => {
    const invoiced = byId(manufacturer.atInvoicing);
    const paying = manufacturer.afterPayment.filter((r) => r.transaction_type !== 'DISBURSEMENT');
    expect(paying).toHaveLength(3);
    for (const row of paying) {
      const parent = invoiced.get(row.parent_billing_event_id) as DocumentedBillingRow;
      expect(itemAmountMinor(row.action, row.transaction_type, minor(row))).toBe(minor(parent)); // 73.50, 6.50, -7.35
    }
  });

  it('makes the DISBURSEMENT lump sum the negated sum of the rows it pays: 72.65 and 19.80, as the page shows', () => {
    for (const example of [manufacturer, sellerOfRecord]) {
      const lump = example.afterPayment.find((r) => r.transaction_type === 'DISBURSEMENT') as DocumentedBillingRow;
      const paid = example.afterPayment.filter((r) => r.disbursement_billing_event_id === lump.billing_event_id).map(minor);
      expect(lumpSumOfRowsMinor(paid)).toBe(minor(lump));
    }
    expect(minor(manufacturer.afterPayment[3])).toBe(7265n);
    expect(minor(sellerOfRecord.afterPayment[3])).toBe(1980n);
  });

  it("totals the manufacturer's item: 73.50 invoiced, 7.35 fee, 6.50 tax kept apart, 66.15 owed and paid, its line the whole 72.65", () => {
    const totals = new Map<number, bigint>();
    for (const row of [...manufacturer.atInvoicing, ...manufacturer.afterPayment]) {
      const buckets = billingRowBuckets(row.action, row.transaction_type, true);
      const amount = itemAmountMinor(row.action, row.transaction_type, minor(row));
      for (const bit of Object.values(ROW_BUCKET)) if (buckets & bit) totals.set(bit, (totals.get(bit) ?? 0n) + amount);
    }
    expect(totals.get(ROW_BUCKET.INVOICED)).toBe(7350n);
    expect(totals.get(ROW_BUCKET.FEE)).toBe(-735n);
    expect(totals.get(ROW_BUCKET.TAX)).toBe(650n);
    expect(totals.get(ROW_BUCKET.BALANCE)).toBe(6615n);
    expect(totals.get(ROW_BUCKET.DISBURSED)).toBe(6615n);
    expect(totals.get(ROW_BUCKET.DISBURSED_GROSS)).toBe(7350n);
    // The line: 66.15 net and 6.50 of the seller's tax, together the 72.65 lump sum.
    expect([totals.get(ROW_BUCKET.LINE_NET), totals.get(ROW_BUCKET.LINE_TAX)]).toEqual([6615n, 650n]);
  });

  it('accepts the sign of every documented row, and refuses the signs our old reading gave the lump sum and the fee', () => {
    for (const row of [
      ...manufacturer.atInvoicing,
      ...manufacturer.afterPayment,
      ...sellerOfRecord.atInvoicing,
      ...sellerOfRecord.afterPayment,
    ]) {
      expect(amountSignProblem(actionOf(row), row.transaction_type, sign(minor(row)))).toBeNull();
    }
    expect(amountSignProblem('DISBURSED', 'DISBURSEMENT', -1n)).toBe(
      'a DISBURSED DISBURSEMENT (the lump sum paid to the seller) is positive',
    );
    expect(amountSignProblem('INVOICED', 'AWS_REV_SHARE', 1n)).toBe('an INVOICED AWS_REV_SHARE (the listing fee) is negative');
    // A channel sale's listing fee can be 0.
    expect(amountSignProblem('INVOICED', 'AWS_REV_SHARE', 0n)).toBeNull();
  });

  it("tells the reseller's cost of goods from its revenue: the seller share it pays on to the manufacturer", () => {
    const [buyerInvoice, , costOfGoods] = sellerOfRecord.atInvoicing;
    const reseller = '777788889999';
    expect(isCostOfGoods(costOfGoods.transaction_type, costOfGoods.to_account_id, reseller)).toBe(true);
    expect(isCostOfGoods(buyerInvoice.transaction_type, buyerInvoice.to_account_id, reseller)).toBe(false);
  });

  it("expects of a channel sale the manufacturer's share: the buyer's price without the reseller's markup", () => {
    // A $10,000.00 wholesale contract marked up 5%: the buyer pays $10,500.00 and the manufacturer is owed $10,000.00.
    const buyerPrice = pricedTermsValue({
      currency: 'USD',
      pricingModel: 'Contract',
      prices: [{ price: '10000.00' }],
      markupPercent: '5.0',
    });
    expect(buyerPrice).toBe(1050000n);
    expect(manufacturerShareMinor(buyerPrice, '5.0')).toBe(1000000n);
    expect(manufacturerShareMinor(1050000n, null)).toBe(1050000n);
    // One half-even rounding: $100.00 at 3% markup is $97.087378..., $97.09.
    expect(manufacturerShareMinor(10000n, '3')).toBe(9709n);
  });
});
