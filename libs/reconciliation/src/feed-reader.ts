import type { MalformedRowPolicy, ReconciliationFeed } from '@bridge/database';
import { resolveHeader } from './feed-header.resolver';
import { FeedLineError, FeedRefused } from './feed-line.error';
import { FEED_LAYOUTS } from './feed-layouts';
import { FeedParsePool } from './feed-parse.pool';
import { parseFeedCsv, type SegmentResult } from './feed-segment.parser';
import type { QuarantinedLine } from './quarantined-line';
import { FeedPrefixTracker, type EarlierFeed, type FeedCheckpoints } from './feed-prefix.tracker';
import { countNewlines, DEFAULT_SEGMENT_BYTES, FeedSegmenter, type FeedSegment } from './feed-segmenter';
import type { ItemLedger } from './item-ledger';

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
  /** Fed the accepted item rows in file order, when the import is matched by this process. */
  ledger?: ItemLedger;
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
  private readonly prefix: FeedPrefixTracker;
  private finished: { sha256: string; checkpoints: FeedCheckpoints } | null = null;
  /** Bytes at the start of the file whose records were not read again: an earlier import stored them. */
  bytesContinued = 0;

  constructor(private readonly options: FeedReaderOptions) {
    this.prefix = new FeedPrefixTracker(options.earlier ?? []);
  }

  /** The SHA-256 of every byte read, once the input is exhausted. */
  get sha256(): string {
    if (!this.finished) throw new Error('the file has not been read to its end');
    return this.finished.sha256;
  }

  /** Where a later, longer copy of this file will be recognised (FeedPrefixTracker), once the input is exhausted. */
  get checkpoints(): FeedCheckpoints {
    if (!this.finished) throw new Error('the file has not been read to its end');
    return this.finished.checkpoints;
  }

  /** The earlier import whose records this file began with and were not read again, if any. */
  get continues(): string | null {
    return this.bytesContinued > 0 ? this.prefix.verifiedBy : null;
  }

  async *copyText(input: AsyncIterable<Buffer | string>): AsyncGenerator<Uint8Array> {
    const segmenter = new FeedSegmenter(this.options.segmentBytes ?? DEFAULT_SEGMENT_BYTES);
    const inFlight: Promise<SegmentResult>[] = [];
    /** Segments not yet known to be, or not to be, an earlier import's. */
    const held: FeedSegment[] = [];
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
    /** What the earlier import already stored is counted and dropped; the rest is parsed once nothing more may prove to be its. */
    const settle = () => {
      const ready: FeedSegment[] = [];
      while (held.length > 0 && held[0].end <= this.prefix.verified) this.skip(held.shift() as FeedSegment);
      // The earlier file's end is a record boundary: a segment that runs past it is cut there, and only its new records are read.
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
      if (!this.prefix.hoping) ready.push(...held.splice(0));
      return ready;
    };
    try {
      for await (const data of input) {
        const chunk = typeof data === 'string' ? Buffer.from(data) : data;
        bytesRead += chunk.length;
        this.prefix.update(chunk);
        held.push(...segmenter.push(chunk));
        for (const segment of settle()) {
          const depth = parse(segment);
          while (inFlight.length >= depth) yield this.accept(await (inFlight.shift() as Promise<SegmentResult>));
        }
      }
      const last = segmenter.end();
      this.finished = this.prefix.finish(last === null && segmenter.headerBytes !== null);
      if (last) held.push(last);
      const rest = settle();
      for (const segment of rest) parse(segment);
      if (rest.length === 0) inline ??= this.startPool(segmenter.headerBytes, 0); // a header alone, or nothing: checked all the same
      while (inFlight.length > 0) yield this.accept(await (inFlight.shift() as Promise<SegmentResult>));
    } finally {
      // Stopped early (a refused line, a failed COPY): what is still parsing is dropped.
      for (const parsing of inFlight) parsing.catch(() => undefined);
      await Promise.all([(inline as FeedParsePool | null)?.close(), (threaded as FeedParsePool | null)?.close()]);
    }
  }

  /** A segment an earlier import stored: its lines are counted, its records not read again. */
  private skip(segment: FeedSegment) {
    this.linesRead += countNewlines(segment.bytes);
    this.bytesContinued = segment.end;
  }

  private startPool(header: Buffer | null, threads: number): FeedParsePool {
    if (header === null || header.length === 0) throw new FeedLineError(1, '(header)', 'the file is empty: a header line is expected');
    const layout = FEED_LAYOUTS[this.options.feed];
    const names = parseFeedCsv(header)[0] ?? [];
    const at = resolveHeader(layout, names);
    const { feed, policy, importSeq, ledger } = this.options;
    return new FeedParsePool({ feed, policy, importSeq, at, width: names.length, collectFacts: ledger !== undefined }, threads);
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
    if (parsed.facts) this.options.ledger?.add(parsed.facts);
    return parsed.bytes;
  }
}
