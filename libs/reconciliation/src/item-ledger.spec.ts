import { eventIdHash, ItemFactsBuilder, type ItemFactSource } from './item-facts';
import { ItemLedger } from './item-ledger';
import type { ItemTotals } from './item-totals';

const row = (id: string, ref: string, type: string, amountMinor: string, changes: Partial<ItemFactSource> = {}): ItemFactSource => ({
  transactionReferenceId: ref,
  billingEventId: id,
  action: 'INVOICED',
  transactionType: type,
  amountMinor,
  currency: 'USD',
  balanceImpacting: true,
  invoiceDate: '2026-10-01',
  endUserAccountId: '777788889999',
  productId: 'prod-1',
  disbursementBillingEventId: null,
  bankTraceId: null,
  ...changes,
});

/** Feeds the rows to a ledger in batches of the given sizes (the rest in one last batch). */
function ledgerOf(rows: ItemFactSource[], batchSizes: number[] = []): ItemLedger {
  const ledger = new ItemLedger();
  const builder = new ItemFactsBuilder(4);
  let next = 0;
  for (const size of [...batchSizes, rows.length]) {
    rows.slice(next, next + size).forEach((r, i) => builder.add(r, next + i + 2)); // file lines: the header is line 1
    next = Math.min(rows.length, next + size);
    ledger.add(builder.build());
  }
  return ledger;
}

const totalsOf = (ledger: ItemLedger) => new Map<string, ItemTotals>([...ledger.itemTotals()].map((t) => [t.ref, t]));

/** Two different ids with the same 32-bit hash (found once by trying a million ids; the test checks it still holds). */
const COLLIDING_IDS = ['be-381511', 'be-1001320'] as const;

describe('totalling items from billing feed rows', () => {
  it('adds each current row to the totals its action and type name, worked out by hand', () => {
    const totals = totalsOf(
      ledgerOf([
        row('s', 'A', 'SELLER_REV_SHARE', '100000', { invoiceDate: '2026-10-03' }), // $1,000.00 gross, owed to the seller
        row('f', 'A', 'AWS_REV_SHARE', '-3000', { invoiceDate: '2026-10-02' }), // $30.00 fee
        row('t', 'A', 'SELLER_TAX_SHARE', '8000'), // $80.00 tax
        row('r', 'A', 'SELLER_REV_SHARE_REFUND', '-10000', { balanceImpacting: false, invoiceDate: '2026-10-20' }), // $100.00 refund, shown for information only
        // Paid: the disbursed rows negate what they pay, $900.00 of the seller share and the $30.00 fee.
        row('ds', 'A', 'SELLER_REV_SHARE', '-90000', { action: 'DISBURSED', disbursementBillingEventId: 'd1', invoiceDate: '2026-11-05' }),
        row('df', 'A', 'AWS_REV_SHARE', '3000', { action: 'DISBURSED', disbursementBillingEventId: 'd1', invoiceDate: '2026-11-05' }),
        row('x', 'B', 'SELLER_REV_SHARE', '500', { currency: 'EUR', endUserAccountId: '111', productId: 'prod-2' }),
        row('y', 'B', 'SELLER_REV_SHARE', '700', { currency: 'USD', endUserAccountId: '222', productId: null }),
      ]),
    );
    expect(totals.get('A')).toEqual({
      ref: 'A',
      currency: 'USD',
      otherCurrency: 'USD',
      endUser: '777788889999',
      product: 'prod-1',
      firstInvoiceDate: '2026-10-01', // the tax row's, the earliest of the invoiced rows
      invoiced: 100000n,
      fee: -3000n,
      refunds: -10000n,
      tax: 8000n,
      informational: -10000n,
      balance: 100000n - 3000n,
      disbursed: 90000n - 3000n,
      disbursedGross: 90000n,
      rowCount: 6,
      currentCount: 6,
    });
    // Two currencies are both kept, the lowest and highest; the buyer and product are the highest seen.
    expect(totals.get('B')).toMatchObject({ currency: 'EUR', otherCurrency: 'USD', endUser: '222', product: 'prod-2', invoiced: 1200n });
  });

  it('lets a later row of the same billing event replace the earlier one, counting both as rows', () => {
    const rows = [
      row('s', 'A', 'SELLER_REV_SHARE', '100000', { balanceImpacting: false }),
      row('f', 'A', 'AWS_REV_SHARE', '-3000', { balanceImpacting: false }),
      row('s', 'A', 'SELLER_REV_SHARE', '100000'), // now collected
      row('s', 'B', 'SELLER_REV_SHARE', '5000'), // the same id on another item is another event
    ];
    const ledger = ledgerOf(rows);
    const a = totalsOf(ledger).get('A');
    expect(a).toMatchObject({ invoiced: 100000n, informational: -3000n, balance: 100000n, rowCount: 3, currentCount: 2 });
    expect(totalsOf(ledger).get('B')).toMatchObject({ invoiced: 5000n, rowCount: 1, currentCount: 1 });
    expect(ledger.unverifiedRefs).toEqual([]);
  });

  it('lists an item for recomputing when a later version arrives in a later batch, with the same totals meanwhile', () => {
    const rows = [
      row('s', 'A', 'SELLER_REV_SHARE', '100000', { balanceImpacting: false }),
      row('o', 'C', 'SELLER_REV_SHARE', '1'),
      row('s', 'A', 'SELLER_REV_SHARE', '100000'),
    ];
    const split = ledgerOf(rows, [2]);
    expect(split.unverifiedRefs).toEqual(['A']);
    expect(totalsOf(split).get('A')).toEqual(totalsOf(ledgerOf(rows)).get('A'));
  });

  it('keeps two different billing events whose ids hash alike apart within a batch, and lists them for recomputing across batches', () => {
    const [first, second] = COLLIDING_IDS;
    expect(eventIdHash(first)).toBe(eventIdHash(second));
    const rows = [row(first, 'A', 'SELLER_REV_SHARE', '100000'), row(second, 'A', 'SELLER_REV_SHARE', '2500')];
    const together = ledgerOf(rows);
    expect(totalsOf(together).get('A')).toMatchObject({ invoiced: 102500n, currentCount: 2 });
    expect(together.unverifiedRefs).toEqual([]);
    // In two batches the ledger cannot tell them apart by bytes: the item is recomputed from its stored rows.
    expect(ledgerOf(rows, [1]).unverifiedRefs).toEqual(['A']);
  });

  it("lists where each item's current rows are in the file, and the rows superseded on a hash match alone", () => {
    const [first, second] = COLLIDING_IDS;
    // File lines 2..7 (the header is line 1): A's 's' at line 2 is superseded by line 5 in the same batch, so only line 5 is kept.
    const rows = [
      row('s', 'A', 'SELLER_REV_SHARE', '100'),
      row('f', 'A', 'AWS_REV_SHARE', '-3'),
      row(first, 'B', 'SELLER_REV_SHARE', '100'),
      row('s', 'A', 'SELLER_REV_SHARE', '90'),
      row(second, 'B', 'SELLER_REV_SHARE', '7'),
      row('g', 'B', 'AWS_REV_SHARE', '-1'),
    ];
    const together = ledgerOf(rows);
    const linesOf = (ledger: ItemLedger) => new Map([...ledger.itemTotals()].map((t, item) => [t.ref, ledger.fileLines().of(item)]));
    expect(linesOf(together)).toEqual(
      new Map([
        ['A', [3, 5]],
        ['B', [4, 6, 7]],
      ]),
    );
    // B's second id comes in a later batch and matches the first by hash only: the first's line stays listed, for B to be read back whole.
    expect(linesOf(ledgerOf(rows, [4]))).toEqual(
      new Map([
        ['A', [3, 5]],
        ['B', [4, 6, 7]],
      ]),
    );
    expect(ledgerOf(rows, [4]).unverifiedRefs).toEqual(['B']);
  });

  it('lists a file line once when it gives an item several rows (an Azure payout line)', () => {
    const ledger = new ItemLedger();
    const builder = new ItemFactsBuilder(4);
    builder.add(row('e-1-gross', 'A', 'SELLER_REV_SHARE', '100'), 2);
    builder.add(row('e-1-fee', 'A', 'AWS_REV_SHARE', '-3'), 2);
    builder.add(row('e-2-gross', 'A', 'SELLER_REV_SHARE', '50'), 3);
    ledger.add(builder.build());
    expect([...ledger.itemTotals()].map((_, item) => ledger.fileLines().of(item))).toEqual([[2, 3]]);
  });

  it("gives each disbursement its lines: net, gross, fee and the seller's tax share per item, the latest date and highest trace, current rows only", () => {
    const paid = { action: 'DISBURSED', disbursementBillingEventId: 'd1', bankTraceId: 'trace-1', invoiceDate: '2026-11-05' } as const;
    const ledger = ledgerOf([
      row('ds', 'A', 'SELLER_REV_SHARE', '-90000', paid),
      row('df', 'A', 'AWS_REV_SHARE', '3000', paid),
      row('dt', 'A', 'SELLER_TAX_SHARE', '-800', { ...paid, invoiceDate: '2026-11-06', bankTraceId: 'trace-2' }),
      row('ds', 'A', 'SELLER_REV_SHARE', '-97000', paid), // a later row of the same event replaces the first (an Azure earning re-exported)
      row('d2', 'A', 'SELLER_REV_SHARE', '-100', { ...paid, disbursementBillingEventId: 'd2' }),
      row('lump', '', 'DISBURSEMENT', '94800', { action: 'DISBURSED' }),
    ]);
    const lines = [...ledger.disbursementLines()].sort((x, y) => x.disbursementId.localeCompare(y.disbursementId));
    expect(lines).toEqual([
      {
        disbursementId: 'd1',
        ref: 'A',
        currency: 'USD',
        net: 94000n,
        gross: 97000n,
        fee: -3000n,
        tax: 800n,
        disbursedOn: '2026-11-06',
        bankTraceId: 'trace-2',
      },
      {
        disbursementId: 'd2',
        ref: 'A',
        currency: 'USD',
        net: 100n,
        gross: 100n,
        fee: 0n,
        tax: 0n,
        disbursedOn: '2026-11-05',
        bankTraceId: 'trace-1',
      },
    ]);
    expect([...ledger.lumpSums]).toEqual(['lump']);
    expect(ledger.disbursementIds().sort()).toEqual(['d1', 'd2']);
    expect(ledger.items).toBe(1); // the lump sum's own row belongs to no item
  });

  it('gives the same totals however the rows are cut into batches', () => {
    const rows = Array.from({ length: 300 }, (_, i) =>
      row(`e-${i % 120}`, `ref-${i % 17}`, i % 3 === 0 ? 'AWS_REV_SHARE' : 'SELLER_REV_SHARE', String(i * 7 - 500)),
    );
    const whole = totalsOf(ledgerOf(rows));
    const cut = totalsOf(ledgerOf(rows, [1, 50, 7, 99]));
    expect(cut).toEqual(whole);
  });
});
