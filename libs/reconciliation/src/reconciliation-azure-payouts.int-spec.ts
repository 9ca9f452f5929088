import { queryDatabase } from '@bridge/testing';
import { AZURE_HEADER } from './billing-feed.fixtures';
import { DATABASE_URL, reconciliationHarness, type ItemRow } from './reconciliation.int-harness';

describe("reconciling Azure's payout report against agreements (real PostgreSQL)", () => {
  const { agreement, importFeed, items } = reconciliationHarness();

  it('keeps listing for read-back only the lines that can still be current, with the same totals and counts', async () => {
    await agreement('az-sub-1', '150000', { cloud: 'AZURE' }); // $1,500.00 at Azure's 3%: fee $45.00, net $1,455.00
    const line = (earning: string, amount: string, fee: string, status: string, payment = '') =>
      `${earning},tx-${earning},2026-10-01,BILLED,tenant-1,az-sub-1,offer-1,plan-1,USD,${amount},${fee},${Number(amount) + Number(fee)},${status},${payment},${payment ? '2026-11-15' : ''}`;
    // Import 1: earn-1 paid out (gross, fee and their two paid rows, all from line 2), earn-2 collected (line 3).
    await importFeed(
      `${AZURE_HEADER}\n${line('earn-1', '1000.00', '-30.00', 'SENT', 'pay-1')}\n${line('earn-2', '500.00', '-15.00', 'UPCOMING')}\n`,
      'AZURE_PAYOUTS',
    );
    // Import 2 sends earn-1 again without its payout (its paid rows from import 1 stay current), and earn-2 paid out.
    await importFeed(
      `${AZURE_HEADER}\n${line('earn-1', '1000.00', '-30.00', 'UPCOMING')}\n${line('earn-2', '500.00', '-15.00', 'SENT', 'pay-2')}\n`,
      'AZURE_PAYOUTS',
    );
    const listed = await queryDatabase<{ import_seq: string; lines: number[]; row_count: number }>(
      DATABASE_URL,
      `SELECT import_seq::text, lines, row_count FROM billing_feed_item WHERE transaction_reference_id = 'az-sub-1' ORDER BY import_seq`,
    );
    // Import 1's line 3 (earn-2 before its payout) can never be current again; its line 2 still holds earn-1's paid rows.
    expect(listed.map((l) => [l.lines, l.row_count])).toEqual([
      [[2], 6],
      [[2, 3], 6],
    ]);
    const item = (await items()).get('az-sub-1') as ItemRow;
    // Disbursed: earn-1's $970.00 (import 1) and earn-2's $485.00 (import 2). Of the 12 rows, the 4 gross and fee rows of import 1 are superseded.
    expect([item.status, item.disbursed_minor, item.superseded_rows]).toEqual(['MATCHED', '145500', 4]);
  });

  it('reads the Azure payout report: an earning paid in full matches at the 3% store service fee', async () => {
    await agreement('az-sub-1', '100000', { cloud: 'AZURE' });
    const csv = `${AZURE_HEADER}\nearn-1,tx-1,2026-10-01,BILLED,tenant-1,az-sub-1,offer-1,plan-1,USD,1000.00,-30.00,970.00,SENT,pay-1,2026-11-15\n`;
    const result = await importFeed(csv, 'AZURE_PAYOUTS');
    expect(result).toMatchObject({ status: 'COMPLETED', items: 1 });
    const item = (await items()).get('az-sub-1') as ItemRow;
    expect([item.status, item.fee_bps, item.disbursed_minor]).toEqual(['MATCHED', 300, '97000']);
    const [lump] = await queryDatabase<{ disbursement_id: string; items_minor: string }>(
      DATABASE_URL,
      'SELECT * FROM reconciliation_disbursement',
    );
    expect(lump).toMatchObject({ disbursement_id: 'pay-1', items_minor: '97000' });
  });
});
