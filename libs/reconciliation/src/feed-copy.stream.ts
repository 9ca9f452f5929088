import { AppendedFeedSegments } from './appended-feed.segments';
import { FeedLineError } from './feed-line.error';
import type { EarlierFeed } from './feed-prefix.tracker';
import { countNewlines, type FeedSegment } from './feed-segmenter';
import { parseFeedCsv } from './feed-header.resolver';

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
  /** The file line the first copied record starts on. */
  firstCopiedLine = 0;
  /** Whether a copied byte was a quote: then a record may hold line breaks, and lines are counted in the rows. */
  quoted = false;
  /** File lines of the blank lines left out of what was copied, ascending. */
  readonly blankLines: number[] = [];
  /** The file's segments as read: its hash, checkpoints and what of it an earlier import stored. */
  readonly segments: AppendedFeedSegments;
  private endsWithNewline = true;

  constructor(earlier: readonly EarlierFeed[]) {
    this.segments = new AppendedFeedSegments(earlier, (lines) => (this.linesRead += lines));
  }

  /** The header's column names, once the first record has been read (a file without one is refused, naming line 1). */
  get header(): string[] {
    const bytes = this.segments.segmenter.headerBytes;
    if (bytes === null || bytes.length === 0) throw new FeedLineError(1, '(header)', 'the file is empty: a header line is expected');
    return parseFeedCsv(bytes)[0] ?? [];
  }

  /** The data records' bytes to copy, in file order; the header has been read by the time the first comes out (or the input ends). */
  async *records(input: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
    for await (const data of input) {
      for (const segment of this.segments.push(typeof data === 'string' ? Buffer.from(data) : data)) yield this.copied(segment);
    }
    for (const segment of this.segments.end()) yield this.copied(segment);
    if (!this.endsWithNewline) this.linesRead += 1;
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
