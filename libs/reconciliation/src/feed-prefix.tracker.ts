import { createHash } from 'node:crypto';

/** Every this many bytes, and at its end, a file's SHA-256 so far is kept: where a later, longer copy of it is recognised. */
export const CHECKPOINT_BYTES = 1 << 20;

/** SHA-256 of a file's first `offsets[i]` bytes, ascending; the last is the whole file when it ended on a record boundary. */
export interface FeedCheckpoints {
  offsets: number[];
  sha256: string[];
}

/** An earlier import of the same feed, by its checkpoints. */
export interface EarlierFeed {
  importId: string;
  checkpoints: FeedCheckpoints;
}

interface Candidate {
  earlier: EarlierFeed;
  next: number;
}

/**
 * Hashes a feed file as it streams, and recognises in it an earlier import
 * of the same file: AWS appends to the month's billing event file every day
 * and never rewrites it, so today's file is yesterday's bytes and then the
 * new events. At each of the earlier imports' checkpoints the hash so far is
 * compared with theirs; while one still agrees, `verified` is how many bytes
 * from the start are proven to be the bytes it stored, whose records need
 * not be read again. A file that parts from every earlier one is read from
 * where they parted (at most CHECKPOINT_BYTES before): nothing it holds is
 * ever taken for what it is not.
 */
export class FeedPrefixTracker {
  /** Bytes from the start proven identical to an earlier import's. */
  verified = 0;
  /** The import they are proven identical to. */
  verifiedBy: string | null = null;
  /** Whether `verified` is that import's whole file, which ended on a record boundary: the next record starts there. */
  verifiedToItsEnd = false;
  private readonly hash = createHash('sha256');
  private read = 0;
  private readonly own: FeedCheckpoints = { offsets: [], sha256: [] };
  private alive: Candidate[];

  constructor(earlier: readonly EarlierFeed[]) {
    // Only checkpoints as this class writes them: strictly ascending offsets, one hash each (anything else could never be reached in order).
    const wellFormed = ({ offsets, sha256 }: FeedCheckpoints) =>
      offsets.length > 0 && offsets.length === sha256.length && offsets.every((o, i) => o > (i === 0 ? 0 : offsets[i - 1]));
    this.alive = earlier.filter((e) => wellFormed(e.checkpoints)).map((earlier) => ({ earlier, next: 0 }));
  }

  /** Whether an earlier import still agrees and has a checkpoint ahead: what is read may yet prove to be its. */
  get hoping(): boolean {
    return this.alive.length > 0;
  }

  update(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const stop = this.nextStop();
      const take = Math.min(chunk.length - at, stop - this.read);
      this.hash.update(chunk.subarray(at, at + take));
      this.read += take;
      at += take;
      if (this.read === stop) this.checkpoint();
    }
  }

  /** The file's SHA-256, and its checkpoints (the end one only if it ended on a record boundary, where a longer copy can go on). */
  finish(endsOnRecordBoundary: boolean): { sha256: string; checkpoints: FeedCheckpoints } {
    this.alive = [];
    const sha256 = this.hash.digest('hex');
    if (endsOnRecordBoundary && this.read > 0 && this.own.offsets.at(-1) !== this.read) {
      this.own.offsets.push(this.read);
      this.own.sha256.push(sha256);
    }
    return { sha256, checkpoints: this.own };
  }

  private nextStop(): number {
    let stop = (Math.floor(this.read / CHECKPOINT_BYTES) + 1) * CHECKPOINT_BYTES;
    for (const c of this.alive) stop = Math.min(stop, c.earlier.checkpoints.offsets[c.next]);
    return stop;
  }

  private checkpoint(): void {
    const sha256 = this.hash.copy().digest('hex');
    if (this.read % CHECKPOINT_BYTES === 0) {
      this.own.offsets.push(this.read);
      this.own.sha256.push(sha256);
    }
    const still: Candidate[] = [];
    for (const c of this.alive) {
      const { offsets, sha256: theirs } = c.earlier.checkpoints;
      if (offsets[c.next] !== this.read) {
        still.push(c);
        continue;
      }
      if (theirs[c.next] !== sha256) continue; // parted from this one
      if (this.read > this.verified) {
        this.verified = this.read;
        this.verifiedBy = c.earlier.importId;
        this.verifiedToItsEnd = c.next === offsets.length - 1;
      }
      c.next += 1;
      if (c.next < offsets.length) still.push(c);
    }
    this.alive = still;
  }
}
