import { Transform, type TransformCallback } from 'node:stream';

const QUOTE = 0x22;
const LINE_FEED = 0x0a;

/**
 * Passes on the bytes of a CSV stream up to its last complete record and
 * holds back the rest: an object being appended to may be read while a line
 * is half written, and that half must wait for the next read. A line feed
 * ends a record only outside quotes (an even count of quotes before it:
 * RFC 4180, which AWS's data feeds follow), so no parsing is needed. The
 * stream must start at a record boundary.
 */
export class RecordBoundaryCutter extends Transform {
  constructor(private readonly keepLast = 4096) {
    super();
  }

  /** Bytes passed on: the input's length up to its last complete record. */
  passedBytes = 0;
  /** Complete records passed on. */
  records = 0;
  /** The last bytes passed on (at most `keepLast` of them): what the next read starts with again, to prove they did not change. */
  lastBytes: Buffer = Buffer.alloc(0);
  private held: Buffer[] = [];
  private heldBytes = 0;
  private inQuotes = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let lastEnd = -1;
    let inQuotes = this.inQuotes;
    let records = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === QUOTE) inQuotes = !inQuotes;
      else if (byte === LINE_FEED && !inQuotes) {
        lastEnd = i + 1;
        records++;
      }
    }
    this.inQuotes = inQuotes;
    if (lastEnd < 0) {
      this.hold(chunk);
      return done();
    }
    const complete = chunk.subarray(0, lastEnd);
    const out = this.heldBytes > 0 ? Buffer.concat([...this.held, complete]) : complete;
    this.held = [];
    this.heldBytes = 0;
    this.hold(chunk.subarray(lastEnd));
    this.passedBytes += out.length;
    this.records += records;
    this.lastBytes = Buffer.from(
      Buffer.concat([this.lastBytes, out.subarray(Math.max(0, out.length - this.keepLast))]).subarray(-this.keepLast),
    );
    done(null, out);
  }

  /** What is left held at the end is a record still being written: dropped, read again next time. */
  override _flush(done: TransformCallback): void {
    this.held = [];
    done();
  }

  private hold(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.held.push(bytes);
    this.heldBytes += bytes.length;
  }
}

/** The length of the first complete record of `bytes` (its line feed included), or -1 when it has none yet. */
export function firstRecordLength(bytes: Buffer): number {
  let inQuotes = false;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === QUOTE) inQuotes = !inQuotes;
    else if (bytes[i] === LINE_FEED && !inQuotes) return i + 1;
  }
  return -1;
}
