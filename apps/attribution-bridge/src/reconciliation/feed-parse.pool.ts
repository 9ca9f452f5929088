import path from 'node:path';
import { parseSegment, type SegmentContext, type SegmentResult } from './feed-segment.parser';
import type { FeedSegment } from './feed-segmenter';
import { factBuffers } from './item-facts';
import { ThreadPool } from './thread-pool';

/** A segment parsed: its COPY text as bytes, with what was read and set aside. */
export type ParsedSegment = Omit<SegmentResult, 'copy'> & { bytes: Uint8Array };

const encoder = new TextEncoder();

/** What moves back from a parser thread instead of being copied. */
export const parsedBuffers = (parsed: ParsedSegment): ArrayBuffer[] => [parsed.bytes.buffer as ArrayBuffer, ...(parsed.facts ? factBuffers(parsed.facts) : [])];

/** A segment as it travels to a thread. */
export interface SegmentInput {
  bytes: Uint8Array;
  startLine: number;
}

/** One segment: parsed, checked, and its COPY text encoded (in a thread, so that the bytes can be moved back rather than copied). */
export function parseSegmentToBytes(segment: SegmentInput, context: SegmentContext): ParsedSegment {
  const { copy, ...result } = parseSegment(segment.bytes, segment.startLine, context);
  return { ...result, bytes: encoder.encode(copy) };
}

/**
 * Parses an import's segments on worker threads (csv-parse is the costliest
 * step of an import, and it parallelises: segments hold whole records), or
 * inline with no threads.
 */
export class FeedParsePool {
  private readonly threads: ThreadPool<SegmentContext, SegmentInput, ParsedSegment>;

  constructor(context: SegmentContext, threads: number) {
    this.threads = new ThreadPool('feed parser', path.join(__dirname, 'feed-parse.worker'), context, threads, parseSegmentToBytes);
  }

  get depth(): number {
    return this.threads.depth;
  }

  parse(segment: FeedSegment): Promise<ParsedSegment> {
    // A copy with a buffer of its own, which can move to the thread: the
    // segment may be a view into a larger read buffer (or Node's shared pool).
    const bytes = new Uint8Array(segment.bytes);
    return this.threads.run({ bytes, startLine: segment.startLine }, [bytes.buffer]);
  }

  close(): Promise<void> {
    return this.threads.close();
  }
}
