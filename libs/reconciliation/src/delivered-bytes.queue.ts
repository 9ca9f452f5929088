import { firstRecordLength } from './record-boundary.cutter';

/**
 * The start of a ranged read taken in pieces before the rest streams on: the
 * bytes already imported that the read begins with (to compare), the header
 * line, and enough to know one whole record follows, all without holding
 * more than those pieces.
 */
export class DeliveredBytesQueue {
  private buffered: Buffer = Buffer.alloc(0);
  private ended = false;
  private readonly source: AsyncIterator<Buffer>;

  constructor(body: AsyncIterable<Buffer | Uint8Array | string>) {
    this.source = (async function* () {
      for await (const chunk of body) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    })();
  }

  /** Exactly `n` bytes, or fewer when the read ends first. */
  async take(n: number): Promise<Buffer> {
    while (this.buffered.length < n && (await this.pull()));
    const taken = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(taken.length);
    return taken;
  }

  /** The first whole record (line feed included), or null when the read ends before one is complete. */
  async takeRecord(): Promise<Buffer | null> {
    return (await this.hasRecord()) ? this.take(firstRecordLength(this.buffered)) : null;
  }

  /** Whether a whole record is there to read, reading on as far as needed to know. */
  async hasRecord(): Promise<boolean> {
    while (firstRecordLength(this.buffered) < 0) if (!(await this.pull())) return false;
    return true;
  }

  /** What is buffered, then the rest of the read. */
  async *rest(): AsyncGenerator<Buffer> {
    if (this.buffered.length > 0) yield this.buffered;
    this.buffered = Buffer.alloc(0);
    for (;;) {
      const next = await this.source.next();
      if (next.done) return;
      yield next.value;
    }
  }

  /** Stops reading (the rest is not wanted). */
  async close(): Promise<void> {
    await this.source.return?.(undefined);
  }

  private async pull(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.buffered = this.buffered.length === 0 ? next.value : Buffer.concat([this.buffered, next.value]);
    return true;
  }
}
