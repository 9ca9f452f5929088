import path from 'node:path';
import { parseSegment, type SegmentContext, type SegmentResult } from './feed-segment.parser';
import type { FeedSegment } from './feed-segmenter';
import { ThreadPool } from './thread-pool';

/** What moves back from a parser thread instead of being copied: the COPY bytes. */
export const parsedBuffers = (parsed: SegmentResult): ArrayBuffer[] => [parsed.bytes.buffer as ArrayBuffer];

/** A segment as it travels to a thread. */
export interface SegmentInput {
  bytes: Uint8Array;
  startLine: number;
}

/** One segment, as a thread (or the pool inline) parses it. */
export const parseSegmentInput = (segment: SegmentInput, context: SegmentContext): SegmentResult =>
  parseSegment(segment.bytes, segment.startLine, context);

/**
 * Parses an import's segments on worker threads (csv-parse is the costliest
 * step of an import, and it parallelises: segments hold whole records), or
 * inline with no threads.
 */
export class FeedParsePool {
  private readonly threads: ThreadPool<SegmentContext, SegmentInput, SegmentResult>;

  constructor(context: SegmentContext, threads: number) {
    this.threads = new ThreadPool('feed parser', path.join(__dirname, 'feed-parse.worker'), context, threads, parseSegmentInput);
  }

  get depth(): number {
    return this.threads.depth;
  }

  parse(segment: FeedSegment): Promise<SegmentResult> {
    // A copy with a buffer of its own, which can move to the thread: the
    // segment may be a view into a larger read buffer (or Node's shared pool).
    const bytes = new Uint8Array(segment.bytes);
    return this.threads.run({ bytes, startLine: segment.startLine }, [bytes.buffer]);
  }

  close(): Promise<void> {
    return this.threads.close();
  }
}
