import { FeedLineError } from './feed-line.error';
import { FeedPrefixTracker, type EarlierFeed, type FeedCheckpoints } from './feed-prefix.tracker';
import { countNewlines, FeedSegmenter, type FeedSegment } from './feed-segmenter';
import { parseFeedCsv } from './feed-segment.parser';

const NEWLINE = 0x0a;
const QUOTE = 0x22;
/** A line break right after another one (or at the start of a segment, which is a record's start): a blank line. */
const hasBlankLine = (bytes: Buffer) =>
  bytes[0] === NEWLINE || (bytes[0] === 0x0d && bytes[1] === NEWLINE) || bytes.indexOf('\n\n') >= 0 || bytes.indexOf('\n\r\n') >= 0;

/**
 * Passes a feed's bytes on, unparsed, to PostgreSQL's `COPY ... (FORMAT
 * csv)`: hashes them as they stream, takes the header record off (the only
 * record read here), and leaves out the records at the start of the file that
 * an earlier import already stored (the month's file arrives again every day,
 * longer: FeedPrefixTracker proves the earlier bytes identical at its
 * checkpoints, and FeedSegmenter cuts only at record boundaries, by counting
 * quotes). What it learns on the way is what turns a record's ordinal in the
 * COPY into the file line a person sees: the line the first copied record
 * starts on, whether any copied byte was a quote (then a record may span
 * lines), and the blank lines it dropped (COPY would refuse them; the file's
 * own reader always skipped them).
 */
export class FeedCopyStream {
  /** Lines of the file read so far, the header included (those an earlier import stored too). */
  linesRead = 1;
  /** Bytes at the start of the file whose records were not copied: an earlier import stored them. */
  bytesContinued = 0;
  /** The file line the first copied record starts on. */
  firstCopiedLine = 0;
  /** Whether a copied byte was a quote: then a record may hold line breaks, and lines are counted in the rows. */
  quoted = false;
  /** File lines of the blank lines left out of what was copied, ascending. */
  readonly blankLines: number[] = [];
  private readonly prefix: FeedPrefixTracker;
  private readonly segmenter = new FeedSegmenter();
  private finished: { sha256: string; checkpoints: FeedCheckpoints } | null = null;
  private endsWithNewline = true;

  constructor(earlier: readonly EarlierFeed[]) {
    this.prefix = new FeedPrefixTracker(earlier);
  }

  /** The header's column names, once the first record has been read (a file without one is refused, naming line 1). */
  get header(): string[] {
    const bytes = this.segmenter.headerBytes;
    if (bytes === null || bytes.length === 0) throw new FeedLineError(1, '(header)', 'the file is empty: a header line is expected');
    return parseFeedCsv(bytes)[0] ?? [];
  }

  get sha256(): string {
    if (!this.finished) throw new Error('the file has not been read to its end');
    return this.finished.sha256;
  }

  get checkpoints(): FeedCheckpoints {
    if (!this.finished) throw new Error('the file has not been read to its end');
    return this.finished.checkpoints;
  }

  /** The earlier import whose records this file began with and were not copied, if any. */
  get continues(): string | null {
    return this.bytesContinued > 0 ? this.prefix.verifiedBy : null;
  }

  /** The data records' bytes to copy, in file order; the header has been read by the time the first comes out (or the input ends). */
  async *records(input: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
    const held: FeedSegment[] = [];
    for await (const data of input) {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      this.prefix.update(chunk);
      held.push(...this.segmenter.push(chunk));
      for (const segment of this.settle(held)) yield this.copied(segment);
    }
    const last = this.segmenter.end();
    this.finished = this.prefix.finish(last === null && this.segmenter.headerBytes !== null);
    if (last) held.push(last);
    for (const segment of this.settle(held)) yield this.copied(segment);
    if (!this.endsWithNewline) this.linesRead += 1;
  }

  /** What an earlier import already stored is counted and dropped; the rest is released once nothing more may prove to be its. */
  private settle(held: FeedSegment[]): FeedSegment[] {
    while (held.length > 0 && held[0].end <= this.prefix.verified) this.skip(held.shift() as FeedSegment);
    // The earlier file's end is a record boundary: a segment that runs past it is cut there, and only its new records are copied.
    if (held.length > 0 && this.prefix.verifiedToItsEnd && held[0].end - held[0].bytes.length < this.prefix.verified) {
      const [segment] = held;
      const stored = segment.bytes.length - (segment.end - this.prefix.verified);
      this.skip({ bytes: segment.bytes.subarray(0, stored), startLine: segment.startLine, end: this.prefix.verified });
      held[0] = {
        bytes: segment.bytes.subarray(stored),
        startLine: segment.startLine + countNewlines(segment.bytes.subarray(0, stored)),
        end: segment.end,
      };
    }
    return this.prefix.hoping ? [] : held.splice(0);
  }

  private skip(segment: FeedSegment) {
    this.linesRead += countNewlines(segment.bytes);
    this.bytesContinued = segment.end;
  }

  private copied(segment: FeedSegment): Buffer {
    if (this.firstCopiedLine === 0) this.firstCopiedLine = segment.startLine;
    const lines = countNewlines(segment.bytes);
    this.linesRead += lines;
    this.endsWithNewline = segment.bytes.length === 0 || segment.bytes[segment.bytes.length - 1] === NEWLINE;
    // A quote: a record may hold line breaks, and the rows' lines are counted from them.
    if (segment.bytes.indexOf(QUOTE) >= 0) this.quoted = true;
    return hasBlankLine(segment.bytes) ? this.withoutBlankLines(segment) : segment.bytes;
  }

  /** A segment with its blank lines (rare) left out and noted by file line; a line break inside quotes is data, not a blank line. */
  private withoutBlankLines(segment: FeedSegment): Buffer {
    const kept: Buffer[] = [];
    let line = segment.startLine;
    // A segment starts at a record boundary, outside quotes; the count of quotes before a line break says whether it is still outside.
    let inQuotes = false;
    for (let at = 0; at < segment.bytes.length; line += 1) {
      const end = segment.bytes.indexOf(NEWLINE, at);
      const next = end < 0 ? segment.bytes.length : end + 1;
      const text = segment.bytes.subarray(at, next);
      const blank = text[0] === NEWLINE || (text[0] === 0x0d && text[1] === NEWLINE);
      if (blank && !inQuotes) this.blankLines.push(line);
      else kept.push(text);
      if (countQuotes(text) % 2 === 1) inQuotes = !inQuotes;
      at = next;
    }
    return Buffer.concat(kept);
  }
}

function countQuotes(bytes: Buffer): number {
  let count = 0;
  for (let i = bytes.indexOf(QUOTE); i >= 0; i = bytes.indexOf(QUOTE, i + 1)) count += 1;
  return count;
}
