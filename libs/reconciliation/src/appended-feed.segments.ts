import { FeedPrefixTracker, type EarlierFeed, type FeedCheckpoints } from './feed-prefix.tracker';
import { countNewlines, FeedSegmenter, type FeedSegment } from './feed-segmenter';

/**
 * A feed file's bytes cut into segments of whole records (FeedSegmenter),
 * less the records at its start that an earlier import already stored: the
 * month's billing event file arrives again every day, longer (its events are
 * immutable; AWS appends), and FeedPrefixTracker proves its earlier bytes
 * identical at their checkpoints. Segments are held only until the next
 * checkpoint says whether they are the earlier import's (about 1 MB);
 * those are counted, not released.
 */
export class AppendedFeedSegments {
  readonly segmenter: FeedSegmenter;
  /** Bytes at the start of the file whose records are not released: an earlier import stored them. */
  bytesContinued = 0;
  private readonly prefix: FeedPrefixTracker;
  private readonly held: FeedSegment[] = [];
  private finished: { sha256: string; checkpoints: FeedCheckpoints } | null = null;

  /** `skipped` is told the lines of each run of records not released. */
  constructor(
    earlier: readonly EarlierFeed[],
    private readonly skipped: (lines: number) => void,
    segmentBytes?: number,
  ) {
    this.prefix = new FeedPrefixTracker(earlier);
    this.segmenter = new FeedSegmenter(segmentBytes);
  }

  /** Whether the input was read to its end (its hash is known). */
  get readToEnd(): boolean {
    return this.finished !== null;
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

  /** Feeds bytes in; the segments now known to be new, in file order. */
  push(chunk: Buffer): FeedSegment[] {
    this.prefix.update(chunk);
    this.held.push(...this.segmenter.push(chunk));
    return this.settle();
  }

  /** The input is exhausted: the rest of the new segments. */
  end(): FeedSegment[] {
    const last = this.segmenter.end();
    this.finished = this.prefix.finish(last === null && this.segmenter.headerBytes !== null);
    if (last) this.held.push(last);
    return this.settle();
  }

  /** What an earlier import already stored is counted and dropped; the rest is released once nothing more may prove to be its. */
  private settle(): FeedSegment[] {
    const held = this.held;
    while (held.length > 0 && held[0].end <= this.prefix.verified) this.skip(held.shift() as FeedSegment);
    // The earlier file's end is a record boundary: a segment that runs past it is cut there, and only its new records are released.
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
    this.skipped(countNewlines(segment.bytes));
    this.bytesContinued = segment.end;
  }
}
