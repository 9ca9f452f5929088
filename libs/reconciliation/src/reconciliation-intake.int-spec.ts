import { Readable } from 'node:stream';
import { eventually, queryDatabase } from '@bridge/testing';
import { awsFeed, invoiced, lumpSum } from './billing-feed.fixtures';
import { DATABASE_URL, reconciliationHarness, type ItemRow } from './reconciliation.int-harness';

describe('taking a billing feed in: appended files, malformed lines, repeats (real PostgreSQL)', () => {
  const { imports, agreement, importFeed, items, count } = reconciliationHarness();

  it("takes the month's file again, longer, reading and storing only what was appended (billing events are immutable)", async () => {
    await agreement('agmt-short', '200000'); // $2,000.00: fee $60.00, net $1,940.00
    const day1 = invoiced('agmt-short', '2000.00', '-60.00');
    const first = await importFeed(awsFeed(day1));
    expect((await items()).get('agmt-short')?.status).toBe('SHORT_PAID'); // invoiced, nothing paid out yet

    // The next day AWS appends the payment to the same file: its bytes start with the day before's, byte for byte.
    const day2 = [
      ...day1,
      ...invoiced('agmt-short', '2000.00', '-60.00', { seller: '2000.00', fee: '-60.00', disbursement: 'disb-1' }).slice(2),
    ];
    const day2Csv = awsFeed([...day2, lumpSum('disb-1', '1940.00')]);
    expect(day2Csv.startsWith(awsFeed(day1))).toBe(true);
    const later = await importFeed(day2Csv);
    // Only the three appended events are read and stored; the file's six lines are all counted.
    expect(later).toMatchObject({ status: 'COMPLETED', items: 1, superseded: 0 });
    expect(await count('billing_feed_row')).toBe(5);
    const [record] = await queryDatabase<{
      lines_processed: number;
      rows_imported: number;
      continues_import_id: string;
      bytes_continued: string;
    }>(
      DATABASE_URL,
      'SELECT lines_processed, rows_imported, continues_import_id, bytes_continued::text FROM reconciliation_import WHERE id = $1::uuid',
      [later.importId],
    );
    expect(record).toEqual({
      lines_processed: 6,
      rows_imported: 3,
      continues_import_id: first.importId,
      bytes_continued: String(Buffer.byteLength(awsFeed(day1))),
    });
    const item = (await items()).get('agmt-short') as ItemRow;
    expect([item.status, item.disbursed_minor]).toEqual(['MATCHED', '194000']);
    const [lump] = await queryDatabase<{ stated_minor: string; items_minor: string }>(
      DATABASE_URL,
      'SELECT * FROM reconciliation_disbursement',
    );
    expect(lump).toMatchObject({ stated_minor: '194000', items_minor: '194000' });
  });

  it('names the right line of a bad line in what was appended, and keeps nothing of that day', async () => {
    const day1 = invoiced('agmt-1', '100.00', '-3.00');
    await importFeed(awsFeed(day1));
    const result = await importFeed(awsFeed([...day1, { id: 'agmt-1-x', ref: 'agmt-1', type: 'SELLER_REV_SHARE', amount: '1.234' }]));
    expect(result).toMatchObject({ status: 'REFUSED', line: 4, column: 'amount' });
    expect(await count('billing_feed_row')).toBe(2);
  });

  it('reads whole a file that parts from the earlier one, whatever it shares with it', async () => {
    await agreement('agmt-1', '10000');
    await importFeed(awsFeed(invoiced('agmt-1', '100.00', '-3.00')));
    // The same events, the fee written another way: not the earlier file appended to, so every line is read.
    const other = await importFeed(
      awsFeed([
        ...invoiced('agmt-1', '100.00', '-3.0', { seller: '100.00', fee: '-3.00', disbursement: 'disb-1' }),
        lumpSum('disb-1', '97.00'),
      ]),
    );
    expect(other).toMatchObject({ status: 'COMPLETED', superseded: 2 });
    expect(await count('billing_feed_row')).toBe(2 + 5);
    expect((await items()).get('agmt-1')?.status).toBe('MATCHED');
  });

  it('changes nothing when the same file is imported twice', async () => {
    await agreement('agmt-match', '1000000');
    const csv = awsFeed(invoiced('agmt-match', '10000.00', '-300.00', { seller: '10000.00', fee: '-300.00', disbursement: 'disb-1' }));
    const first = await importFeed(csv);
    const before = await queryDatabase(DATABASE_URL, 'SELECT transaction_reference_id, status, reconciled_at FROM reconciliation_item');
    const second = await importFeed(csv);
    expect(second).toEqual({ importId: expect.any(String), status: 'DUPLICATE', duplicateOfId: first.importId });
    expect(await count('billing_feed_row')).toBe(4);
    expect(await queryDatabase(DATABASE_URL, 'SELECT transaction_reference_id, status, reconciled_at FROM reconciliation_item')).toEqual(
      before,
    );
  });

  it('refuses a file with a malformed line, naming line and column, and keeps nothing of it', async () => {
    const csv = awsFeed([
      ...invoiced('agmt-1', '100.00', '-3.00'),
      { id: 'agmt-1-x', ref: 'agmt-1', type: 'SELLER_REV_SHARE', amount: '12.345' },
    ]);
    const result = await importFeed(csv);
    expect(result).toMatchObject({ status: 'REFUSED', line: 4, column: 'amount' });
    expect(result.status === 'REFUSED' && result.error).toBe('line 4, column amount: "12.345" has more decimals than USD has (2)');
    expect(await count('billing_feed_row')).toBe(0);
    expect(await count('reconciliation_item')).toBe(0);
    const [record] = await queryDatabase<{ status: string; error_line: number; error_column: string }>(
      DATABASE_URL,
      'SELECT * FROM reconciliation_import',
    );
    expect(record).toMatchObject({ status: 'REFUSED', error_line: 4, error_column: 'amount' });
  });

  it('quarantines malformed lines when asked, and imports the rest', async () => {
    await agreement('agmt-1', '10000');
    const csv = awsFeed([
      ...invoiced('agmt-1', '100.00', '-3.00', { seller: '100.00', fee: '-3.00', disbursement: 'd' }),
      { id: 'agmt-1-x', ref: 'agmt-1', type: 'NOT_A_TYPE', amount: '1.00' },
      { id: 'agmt-1-y', ref: 'agmt-1', type: 'SELLER_REV_SHARE', amount: '1.00', date: '2026-13-01' },
    ]);
    const result = await importFeed(csv, 'AWS_BILLING_EVENTS', 'QUARANTINE');
    expect(result).toMatchObject({ status: 'COMPLETED', items: 1 });
    const quarantined = await queryDatabase<{ line: number; column: string }>(
      DATABASE_URL,
      'SELECT line, "column" FROM billing_feed_quarantine ORDER BY line',
    );
    expect(quarantined).toEqual([
      { line: 6, column: 'transaction_type' },
      { line: 7, column: 'invoice_date' },
    ]);
    expect((await items()).get('agmt-1')?.status).toBe('MATCHED');
  });

  it('keeps the first 1 KB of a 2 MB malformed line with its line number and length, not the whole line', async () => {
    await agreement('agmt-1', '10000');
    const huge = `NOT_A_TYPE${'x'.repeat(2 * 1024 * 1024)}`;
    const csv = awsFeed([...invoiced('agmt-1', '100.00', '-3.00'), { id: 'agmt-1-x', ref: 'agmt-1', type: huge, amount: '1.00' }]);
    const line = csv.split('\n')[3];
    expect(line.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(await importFeed(csv, 'AWS_BILLING_EVENTS', 'QUARANTINE')).toMatchObject({ status: 'COMPLETED' });
    const rows = await queryDatabase<{ line: number; column: string; raw: string; raw_length: number; reason: string }>(
      DATABASE_URL,
      'SELECT line, "column", raw, raw_length, reason FROM billing_feed_quarantine',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ line: 4, column: 'transaction_type', raw_length: line.length });
    expect(rows[0].raw).toBe(line.slice(0, 1024));
    expect(rows[0].reason.length).toBeLessThanOrEqual(1024);
    expect(rows[0].reason).toMatch(/^"NOT_A_TYPExxx/);
  });

  it('reports the lines processed while a long import is still streaming in', async () => {
    const lines = awsFeed(Array.from({ length: 300 }, (_, i) => invoiced(`agmt-${i}`, '100.00', '-3.00')).flat()).split('\n');
    const record = await imports().begin({
      feed: 'AWS_BILLING_EVENTS',
      fileName: 'slow.csv',
      origin: 'path',
      onMalformed: 'REFUSE',
      actor: 'test',
    });
    // Half the file now; the rest only once the test has seen the first half reported.
    let sendTheRest!: () => void;
    const restMaySend = new Promise<void>((resolve) => (sendTheRest = resolve));
    async function* inTwoHalves() {
      yield Buffer.from(lines.slice(0, 301).join('\n') + '\n');
      await restMaySend;
      yield Buffer.from(lines.slice(301).join('\n'));
    }
    const running = imports().run(record.id, Readable.from(inTwoHalves()), 'inline');
    const midway = await eventually(async () => {
      const [row] = await queryDatabase<{ status: string; lines_processed: number }>(
        DATABASE_URL,
        'SELECT status, lines_processed FROM reconciliation_import',
      );
      expect(row.lines_processed).toBeGreaterThanOrEqual(300);
      return row;
    }).finally(sendTheRest);
    expect(midway.status).toBe('RECEIVING');
    expect(midway.lines_processed).toBeLessThan(601);
    expect(await running).toMatchObject({ status: 'COMPLETED', items: 300 });
    const [done] = await queryDatabase<{ lines_processed: number }>(DATABASE_URL, 'SELECT lines_processed FROM reconciliation_import');
    expect(done.lines_processed).toBe(601);
  });
});
