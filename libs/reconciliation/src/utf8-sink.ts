const encoder = new TextEncoder();

/** Characters gathered before they are encoded: one encoder call per line cost more than the encoding. */
const PENDING_CHARS = 16 << 10;

/**
 * Text written into UTF-8 bytes as it goes. Keeping a batch's lines as
 * strings until the end would keep every piece they were built of alive (a
 * template literal is a tree of its parts until flattened), and each
 * young-generation collection would copy them all again: on the item
 * reconciler's small heap that was 40% of its time. Only the last 16K
 * characters wait as a string.
 */
export class Utf8Sink {
  private bytes: Uint8Array;
  private used = 0;
  private pending = '';

  constructor(initialBytes: number) {
    this.bytes = new Uint8Array(Math.max(64, initialBytes));
  }

  /** Bytes written so far (about: the last few lines may still be waiting as characters). */
  get size(): number {
    return this.used + this.pending.length;
  }

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= PENDING_CHARS) this.flush();
  }

  /**
   * What was written, in a buffer of its own and no longer (it may move to
   * another thread, and waits in the socket's queue: room to spare would be
   * held all that time). Nothing more can be written.
   */
  done(): Uint8Array {
    this.flush();
    const written = this.bytes.slice(0, this.used);
    this.bytes = new Uint8Array(0);
    this.used = 0;
    return written;
  }

  private flush(): void {
    const text = this.pending;
    this.pending = '';
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    if (this.used + text.length * 3 > this.bytes.length) this.grow(text.length * 3);
    this.used += encoder.encodeInto(text, this.bytes.subarray(this.used)).written;
  }

  private grow(atLeast: number): void {
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.used + atLeast));
    bigger.set(this.bytes.subarray(0, this.used));
    this.bytes = bigger;
  }
}
