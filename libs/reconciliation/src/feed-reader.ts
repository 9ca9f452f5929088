import type { MalformedRowPolicy, ReconciliationFeed } from '@bridge/database';
import { resolveHeader } from './feed-header.resolver';
import { FeedLineError, FeedRefused } from './feed-line.error';
import { FEED_LAYOUTS } from './feed-layouts';
import { FeedParsePool } from './feed-parse.pool';
import { parseFeedCsv, type SegmentResult } from './feed-segment.parser';
import type { QuarantinedLine } from './quarantined-line';
import { AppendedFeedSegments } from './appended-feed.segments';
import type { EarlierFeed } from './feed-prefix.tracker';
import { DEFAULT_SEGMENT_BYTES, type FeedSegment } from './feed-segmenter';

/** Parser threads start once this much of a file has been read. */
const THREADS_AFTER_BYTES = 1 << 20;

export interface FeedReaderOptions {
  feed: ReconciliationFeed;
  policy: MalformedRowPolicy;
  importSeq: string;
  /** Quarantining more lines than this refuses the file: it is not the feed it claims to be. */
  maxQuarantined: number;
  /** Parser threads for a file of more than 1 MB; a smaller one is parsed inline. */
  threads: number;
  segmentBytes?: number;
  /** Earlier imports of the same feed: the records at the start of this file that one of them already stored are not read again. */
  earlier?: readonly EarlierFeed[];
}

/**
 * Reads one feed file, once, as a stream: hashes its bytes, cuts them into
 * segments of whole records, has them parsed and checked (on worker threads
 * once the file is bigger than 1 MB) and yields their COPY text in
 * file order. Memory is bounded by the segments in flight, whatever the
 * file's size. A refused line throws FeedRefused or FeedLineError.
 *
 * The month's billing event file arrives again every day, longer (its
 * events are immutable; AWS appends): the records at its start that an
 * earlier import stored, proven byte for byte by FeedPrefixTracker, are
 * counted as lines but not parsed or stored again, so a day's import costs
 * the work of what was appended. Segments are held, unparsed, only until the
 * next checkpoint says whether they are the earlier import's.
 */
export class FeedReader {
  /** Lines of the file read so far, the header included (those an earlier import stored too). */
  linesRead = 1;
  rowsWritten = 0;
  readonly quarantined: QuarantinedLine[] = [];
  /** The file's segments as read: its hash, checkpoints and what of it an earlier import stored. */
  readonly segments: AppendedFeedSegments;

  constructor(private readonly options: FeedReaderOptions) {
    this.segments = new AppendedFeedSegments(
      options.earlier ?? [],
      (lines) => (this.linesRead += lines),
      options.segmentBytes ?? DEFAULT_SEGMENT_BYTES,
    );
  }

  async *copyText(input: AsyncIterable<Buffer | string>): AsyncGenerator<Uint8Array> {
    const segmenter = this.segments.segmenter;
    const inFlight: Promise<SegmentResult>[] = [];
    // Small files are parsed inline; threads start once a file proves large (starting them costs more than a small file).
    let inline: FeedParsePool | null = null;
    let threaded: FeedParsePool | null = null;
    let bytesRead = 0;
    const parse = (segment: FeedSegment) => {
      inline ??= this.startPool(segmenter.headerBytes, 0);
      if (!threaded && this.options.threads > 0 && bytesRead > THREADS_AFTER_BYTES)
        threaded = this.startPool(segmenter.headerBytes, this.options.threads);
      const pool = threaded ?? inline;
      inFlight.push(pool.parse(segment));
      return pool.depth;
    };
    try {
      for await (const data of input) {
        const chunk = typeof data === 'string' ? Buffer.from(data) : data;
        bytesRead += chunk.length;
        for (const segment of this.segments.push(chunk)) {
          const depth = parse(segment);
          while (inFlight.length >= depth) yield this.accept(await (inFlight.shift() as Promise<SegmentResult>));
        }
      }
      const rest = this.segments.end();
      for (const segment of rest) parse(segment);
      if (rest.length === 0) inline ??= this.startPool(segmenter.headerBytes, 0); // a header alone, or nothing: checked all the same
      while (inFlight.length > 0) yield this.accept(await (inFlight.shift() as Promise<SegmentResult>));
    } finally {
      // Stopped early (a refused line, a failed COPY): what is still parsing is dropped.
      for (const parsing of inFlight) parsing.catch(() => undefined);
      await Promise.all([(inline as FeedParsePool | null)?.close(), (threaded as FeedParsePool | null)?.close()]);
    }
  }

  private startPool(header: Buffer | null, threads: number): FeedParsePool {
    if (header === null || header.length === 0) throw new FeedLineError(1, '(header)', 'the file is empty: a header line is expected');
    const layout = FEED_LAYOUTS[this.options.feed];
    const names = parseFeedCsv(header)[0] ?? [];
    const at = resolveHeader(layout, names);
    const { feed, policy, importSeq } = this.options;
    return new FeedParsePool({ feed, policy, importSeq, at, width: names.length }, threads);
  }

  private accept(parsed: SegmentResult): Uint8Array {
    if (parsed.problem) throw new FeedRefused(parsed.problem.message, parsed.problem.line, parsed.problem.column);
    this.linesRead += parsed.lines;
    this.rowsWritten += parsed.rows;
    for (const line of parsed.quarantined) {
      if (this.quarantined.length >= this.options.maxQuarantined) {
        throw new FeedLineError(
          line.line,
          line.column,
          `${line.reason} (and more than ${this.options.maxQuarantined} lines are malformed: the file is refused)`,
        );
      }
      this.quarantined.push(line);
    }
    return parsed.bytes;
  }
}
