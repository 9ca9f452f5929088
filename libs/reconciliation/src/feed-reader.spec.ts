import { Readable } from 'node:stream';
import { awsFeed, type AwsFeedLine } from './billing-feed.fixtures';
import { FeedLineError, FeedRefused } from './feed-line.error';
import { FeedReader, type FeedReaderOptions } from './feed-reader';

const options = (changes: Partial<FeedReaderOptions> = {}): FeedReaderOptions => ({
  feed: 'AWS_BILLING_EVENTS',
  policy: 'REFUSE',
  importSeq: '7',
  maxQuarantined: 100,
  threads: 0,
  ...changes,
});

/** Reads `csv` in 64 KB chunks; returns the COPY text and the reader, or the error it stopped with. */
async function read(csv: string, changes: Partial<FeedReaderOptions> = {}) {
  const reader = new FeedReader(options(changes));
  const bytes = Buffer.from(csv);
  const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
  let copy = '';
  try {
    for await (const part of reader.copyText(Readable.from(chunks))) copy += Buffer.from(part).toString();
  } catch (error) {
    return { copy, reader, error };
  }
  return { copy, reader, error: null };
}

/** A feed of ~2 MB, so that parser threads start, with a quoted multi-line field, CRLF-free. */
const big = (count: number, tweak: (i: number, line: AwsFeedLine) => AwsFeedLine = (_, l) => l) =>
  awsFeed(
    Array.from({ length: count }, (_, i) =>
      tweak(i, { id: `be-${i}`, ref: `agmt-${i % 997}`, type: 'SELLER_REV_SHARE', amount: `${i}.25` }),
    ),
  );

describe('reading a feed on parser threads', () => {
  it('writes the same rows, in the same order, with the same line numbers as parsing inline', async () => {
    const csv = big(12_000);
    const inline = await read(csv, { threads: 0 });
    const threaded = await read(csv, { threads: 2, segmentBytes: 16 << 10 });
    expect(inline.error).toBeNull();
    expect(threaded.error).toBeNull();
    expect(threaded.copy).toBe(inline.copy);
    expect(threaded.reader.rowsWritten).toBe(12_000);
    expect(threaded.reader.linesRead).toBe(12_001);
    expect(threaded.reader.segments.sha256).toBe(inline.reader.segments.sha256);
    // Line 12,001 is the last data line: its row says so, in COPY's line column.
    const lastRow = threaded.copy.trimEnd().split('\n').at(-1)?.split('\t');
    expect([lastRow?.[2], lastRow?.[4]]).toEqual(['be-11999', '12001']);
  });

  it('names the first malformed line of the file, even when a later segment finishes first', async () => {
    const csv = big(12_000, (i, line) => (i === 9_000 || i === 11_000 ? { ...line, amount: '12.345' } : line));
    const { error, reader } = await read(csv, { threads: 2, segmentBytes: 16 << 10 });
    expect(error).toBeInstanceOf(FeedRefused);
    expect([(error as FeedRefused).line, (error as FeedRefused).column]).toEqual([9_002, 'amount']);
    expect((error as Error).message).toBe('line 9002, column amount: "12.345" has more decimals than USD has (2)');
    expect(reader.rowsWritten).toBeLessThan(9_001);
  });

  it('quarantines malformed lines from every segment, in file order, and refuses past the limit', async () => {
    const bad = new Set([10, 5_000, 11_999]);
    const csv = big(12_000, (i, line) => (bad.has(i) ? { ...line, type: 'TIP' } : line));
    const kept = await read(csv, { threads: 2, segmentBytes: 16 << 10, policy: 'QUARANTINE' });
    expect(kept.error).toBeNull();
    expect(kept.reader.quarantined.map((q) => [q.line, q.column])).toEqual([
      [12, 'transaction_type'],
      [5_002, 'transaction_type'],
      [12_001, 'transaction_type'],
    ]);
    expect(kept.reader.rowsWritten).toBe(11_997);
    const refused = await read(csv, { threads: 2, segmentBytes: 16 << 10, policy: 'QUARANTINE', maxQuarantined: 2 });
    expect(refused.error).toBeInstanceOf(FeedLineError);
    expect((refused.error as FeedLineError).line).toBe(12_001);
  });

  it('counts lines across quoted line breaks and blank lines, and escapes what COPY needs escaped', async () => {
    const csv = awsFeed([
      { id: 'be-1', ref: 'agmt-1', type: 'SELLER_REV_SHARE', amount: '1.00' },
      { id: 'be-2', ref: 'agmt-1', type: 'SELLER_REV_SHARE', amount: '2.00' },
    ])
      .replace('be-1,', '"be\n1\\x",')
      .replace(/\n(be-2)/, '\n\n$1');
    const { copy, error, reader } = await read(csv);
    expect(error).toBeNull();
    const rows = copy
      .trimEnd()
      .split('\n')
      .map((r) => r.split('\t'));
    expect(rows.map((r) => [r[2], r[4]])).toEqual([
      ['be\\n1\\\\x', '2'],
      ['be-2', '5'],
    ]);
    expect(reader.linesRead).toBe(csv.trimEnd().split('\n').length);
  });

  it('refuses an empty file and a header without the layout columns, naming line 1', async () => {
    expect(((await read('')).error as FeedLineError).message).toBe('line 1, column (header): the file is empty: a header line is expected');
    expect(((await read('a,b\n1,2\n')).error as FeedLineError).line).toBe(1);
  });
});
