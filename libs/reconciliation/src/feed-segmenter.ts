import { FeedLineError } from './feed-line.error';

/** A run of whole CSV records, the file line its first record starts on (1-based), and the file offset just past it. */
export interface FeedSegment {
  bytes: Buffer;
  startLine: number;
  end: number;
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
/** Segments are cut at about this size at most: big enough that a write to COPY is worth its call, small enough that they die young. */
export const DEFAULT_SEGMENT_BYTES = 64 << 10;
/** A single record longer than this is not a billing feed: refused rather than buffered without end. */
const MAX_RECORD_BYTES = 16 << 20;

/**
 * Cuts a CSV byte stream into segments of whole records, so that what an
 * earlier import stored can be left out whole records at a time, and a
 * record's file line is known without parsing it.
 * A line break ends a record only outside quotes: with RFC 4180 quoting ("" is
 * an escaped quote) that is exactly when the count of quote bytes before it is
 * even, which needs no parsing. The first record, the header, comes out on
 * its own. Line numbers count physical lines, as an editor shows them.
 */
export class FeedSegmenter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private nextLine = 1;
  /** Bytes of the file cut into the header and segments so far. */
  private consumed = 0;
  private header: Buffer | null = null;

  constructor(private readonly segmentBytes = DEFAULT_SEGMENT_BYTES) {}

  /** The header record (without its line break), once it has been seen. */
  get headerBytes(): Buffer | null {
    return this.header;
  }

  /**
   * Feeds bytes in; returns the segments that are now complete: every whole
   * record read so far, in pieces of about `segmentBytes`, so that a slow
   * upload is parsed (and its progress shown) as it arrives.
   */
  push(chunk: Buffer): FeedSegment[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    let buffer = this.takeAll();
    if (!this.header) {
      const cut = this.firstRecordEnd(buffer);
      if (cut < 0) return this.hold(buffer);
      this.header = stripLineEnd(buffer.subarray(0, cut));
      this.nextLine += countNewlines(buffer.subarray(0, cut));
      this.consumed += cut;
      buffer = buffer.subarray(cut);
    }
    const out: FeedSegment[] = [];
    while (buffer.length > 0) {
      const window = buffer.length > this.segmentBytes ? buffer.subarray(0, this.segmentBytes) : buffer;
      let cut = this.lastRecordEnd(window);
      // A record longer than a segment: the segment grows to hold it.
      if (cut < 0 && window !== buffer) cut = this.lastRecordEnd(buffer);
      if (cut < 0) break;
      out.push(this.segment(buffer.subarray(0, cut)));
      buffer = buffer.subarray(cut);
    }
    this.hold(buffer);
    return out;
  }

  /** The rest of the file, after the last push (a last line without a line break included). */
  end(): FeedSegment | null {
    const rest = this.takeAll();
    if (!this.header) {
      this.header = rest.length > 0 ? stripLineEnd(rest) : null;
      return null;
    }
    return rest.length > 0 ? this.segment(rest) : null;
  }

  private segment(bytes: Buffer): FeedSegment {
    this.consumed += bytes.length;
    const segment = { bytes, startLine: this.nextLine, end: this.consumed };
    this.nextLine += countNewlines(bytes);
    return segment;
  }

  private takeAll(): Buffer {
    const buffer = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return buffer;
  }

  /** Keeps an incomplete record for the next push; one that never ends is refused rather than buffered without end. */
  private hold(rest: Buffer): FeedSegment[] {
    if (rest.length > MAX_RECORD_BYTES) {
      throw new FeedLineError(
        this.nextLine,
        '(line)',
        `a record runs over ${MAX_RECORD_BYTES >> 20} MB: an unclosed quote, or not a CSV file`,
      );
    }
    if (rest.length > 0) {
      this.pending = [rest];
      this.pendingBytes = rest.length;
    }
    return [];
  }

  /**
   * Index just past the last line break that ends a record, or -1. Pending
   * bytes always start at a record boundary (outside quotes), so the parity
   * is counted from their start and needs no state between calls.
   */
  private lastRecordEnd(buffer: Buffer): number {
    // The common case: no quotes at all, so every line break ends a record.
    if (buffer.indexOf(QUOTE) < 0) return buffer.lastIndexOf(NEWLINE) + 1 || -1;
    let odd = false;
    let cut = -1;
    let quote = buffer.indexOf(QUOTE);
    for (let newline = buffer.indexOf(NEWLINE); newline >= 0; newline = buffer.indexOf(NEWLINE, newline + 1)) {
      // Quotes before this line break flip the parity; each quote is found once.
      while (quote >= 0 && quote < newline) {
        odd = !odd;
        quote = buffer.indexOf(QUOTE, quote + 1);
      }
      if (!odd) cut = newline + 1;
    }
    return cut;
  }

  private firstRecordEnd(buffer: Buffer): number {
    let odd = false;
    for (let i = 0; i < buffer.length; i++) {
      const byte = buffer[i];
      if (byte === QUOTE) odd = !odd;
      else if (byte === NEWLINE && !odd) return i + 1;
    }
    return -1;
  }
}

export function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  for (let i = bytes.indexOf(NEWLINE); i >= 0; i = bytes.indexOf(NEWLINE, i + 1)) count += 1;
  return count;
}

function stripLineEnd(bytes: Buffer): Buffer {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === NEWLINE) end -= 1;
  if (end > 0 && bytes[end - 1] === 0x0d) end -= 1;
  return bytes.subarray(0, end);
}
