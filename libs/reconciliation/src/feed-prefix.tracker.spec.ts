import { createHash } from 'node:crypto';
import { CHECKPOINT_BYTES, FeedPrefixTracker, type FeedCheckpoints } from './feed-prefix.tracker';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** Fed in uneven pieces, as a stream arrives. */
function track(bytes: Buffer, earlier: { importId: string; checkpoints: FeedCheckpoints }[], piece = 70_001) {
  const tracker = new FeedPrefixTracker(earlier);
  const seen: number[] = [];
  for (let at = 0; at < bytes.length; at += piece) {
    tracker.update(bytes.subarray(at, at + piece));
    seen.push(tracker.verified);
  }
  const hopingAtEnd = tracker.hoping;
  return { tracker, seen, hopingAtEnd, result: tracker.finish(true) };
}
const fileOf = (size: number, seed: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + seed) % 251));

describe('recognising an earlier import at the start of a feed file', () => {
  const day1 = fileOf(2 * CHECKPOINT_BYTES + 12_345, 7);
  const day1Checkpoints = track(day1, []).result.checkpoints;

  it('keeps a checkpoint every MB and at the end, each the SHA-256 of the bytes so far', () => {
    expect(day1Checkpoints.offsets).toEqual([CHECKPOINT_BYTES, 2 * CHECKPOINT_BYTES, day1.length]);
    expect(day1Checkpoints.sha256).toEqual(day1Checkpoints.offsets.map((o) => sha(day1.subarray(0, o))));
  });

  it("proves the day before's file, byte for byte, at the start of today's, and the whole file's hash is still the whole file's", () => {
    const day2 = Buffer.concat([day1, fileOf(50_000, 3)]);
    const { tracker, result } = track(day2, [{ importId: 'day-1', checkpoints: day1Checkpoints }]);
    expect([tracker.verified, tracker.verifiedBy, tracker.verifiedToItsEnd]).toEqual([day1.length, 'day-1', true]);
    expect(result.sha256).toBe(sha(day2));
  });

  it('proves only up to the last checkpoint where a file still agrees', () => {
    const changed = Buffer.from(day1);
    changed[CHECKPOINT_BYTES + 10] ^= 1;
    const { tracker } = track(changed, [{ importId: 'day-1', checkpoints: day1Checkpoints }]);
    expect(tracker.verified).toBe(CHECKPOINT_BYTES);
    const other = fileOf(day1.length, 8);
    expect(track(other, [{ importId: 'day-1', checkpoints: day1Checkpoints }]).tracker.verified).toBe(0);
  });

  it('ignores checkpoints it could not have written (not ascending, or a hash missing)', () => {
    const bad = { offsets: [CHECKPOINT_BYTES, CHECKPOINT_BYTES], sha256: day1Checkpoints.sha256.slice(0, 2) };
    const missing = { offsets: day1Checkpoints.offsets, sha256: day1Checkpoints.sha256.slice(0, 1) };
    const { tracker } = track(day1, [
      { importId: 'bad', checkpoints: bad },
      { importId: 'missing', checkpoints: missing },
    ]);
    expect(tracker.verified).toBe(0);
  });

  it('never proves more than was read, and stops hoping once every earlier file is passed or parted from', () => {
    const day2 = Buffer.concat([day1, fileOf(CHECKPOINT_BYTES, 5)]);
    const { seen, hopingAtEnd } = track(day2, [{ importId: 'day-1', checkpoints: day1Checkpoints }], 300_000);
    seen.forEach((verified, i) => expect(verified).toBeLessThanOrEqual(Math.min(day2.length, (i + 1) * 300_000)));
    expect(hopingAtEnd).toBe(false); // day 1's end passed: nothing more to prove
    expect(track(fileOf(day1.length, 8), [{ importId: 'day-1', checkpoints: day1Checkpoints }]).hopingAtEnd).toBe(false);
  });
});
