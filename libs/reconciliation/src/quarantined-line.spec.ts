import { FeedLineError } from './feed-line.error';
import { QUARANTINE_EXCERPT_CHARS, quarantinedLine } from './quarantined-line';

/** The whole line as CSV, written here independently: fields quoted when they hold a quote, comma or line break. */
const asCsv = (record: string[]) => record.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
const error = new FeedLineError(7, 'amount', 'is not a plain decimal amount');

describe('a quarantined line', () => {
  it('keeps a short line whole, with its line, column, reason and length', () => {
    const record = ['e-1', 'say "hi", then', '12.OO'];
    expect(quarantinedLine(record, 7, error)).toEqual({
      line: 7,
      column: 'amount',
      reason: 'is not a plain decimal amount',
      raw: asCsv(record),
      rawLength: asCsv(record).length,
    });
  });

  it('keeps only the first 1 KB of a 2 MB line, and its whole length', () => {
    for (const record of [
      ['e-1', 'x'.repeat(2 << 20), '1.00'],
      ['e-1', `"${'q"'.repeat(1 << 20)}`, 'tail'],
      Array.from({ length: 5000 }, (_, i) => `f${i}`),
    ]) {
      const kept = quarantinedLine(record, 7, error);
      expect(kept.raw).toBe(asCsv(record).slice(0, QUARANTINE_EXCERPT_CHARS));
      expect(kept.rawLength).toBe(asCsv(record).length);
    }
  });

  it('cuts a reason that quotes a huge value', () => {
    const kept = quarantinedLine(['x'], 2, new FeedLineError(2, 'action', `"${'A'.repeat(1 << 20)}" is not INVOICED`));
    expect(kept.reason).toHaveLength(QUARANTINE_EXCERPT_CHARS);
  });
});
