import { absMinor } from './money.model';
import { divideRounded } from './rounding.mode';

/** 10000 basis points = 100%. */
export const FULL_BPS = 10_000;

export interface BpsShare<K = string> {
  readonly key: K;
  readonly bps: number;
}

export interface BpsAllocation<K = string> extends BpsShare<K> {
  readonly amountMinor: bigint;
}

/** Refuses shares that are not whole, non-negative basis points or that sum above 100%. */
export function assertBpsShares(shares: readonly { bps: number }[], what = 'shares'): number {
  let total = 0;
  for (const share of shares) {
    if (!Number.isInteger(share.bps) || share.bps < 0) {
      throw new RangeError(`${what}: ${share.bps} is not a whole, non-negative number of basis points`);
    }
    total += share.bps;
  }
  if (total > FULL_BPS) throw new RangeError(`${what} add up to ${total} bps, more than 100% (10000 bps)`);
  return total;
}

/**
 * Splits totalMinor by basis points so the parts add up exactly to the
 * allocated total (totalMinor x sum(bps) / 10000, half-even; all of it when
 * the shares make 100%). Each part first gets its floor; the cents left over
 * go one each to the largest remainders, ties to the earlier share, so the
 * result is deterministic and a negative total is the exact mirror of the
 * positive one (a refund reverses a purchase to the cent).
 */
export function allocateByBps<K>(totalMinor: bigint, shares: readonly BpsShare<K>[]): BpsAllocation<K>[] {
  const totalBps = BigInt(assertBpsShares(shares));
  const magnitude = absMinor(totalMinor);
  const allocated = divideRounded(magnitude * totalBps, BigInt(FULL_BPS));
  const parts = shares.map((share, index) => {
    const exact = magnitude * BigInt(share.bps);
    return { index, floor: exact / BigInt(FULL_BPS), remainder: exact % BigInt(FULL_BPS) };
  });
  let leftover = allocated - parts.reduce((sum, part) => sum + part.floor, 0n);
  const byRemainder = [...parts].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const extra = new Set<number>();
  for (const part of byRemainder) {
    if (leftover <= 0n) break;
    // A share of 0 bps never receives a leftover cent, even when rounding up the total.
    if (shares[part.index].bps === 0) continue;
    extra.add(part.index);
    leftover -= 1n;
  }
  const sign = totalMinor < 0n ? -1n : 1n;
  return shares.map((share, index) => ({
    key: share.key,
    bps: share.bps,
    amountMinor: sign * (parts[index].floor + (extra.has(index) ? 1n : 0n)),
  }));
}

/** The amount a single share of bps is worth, rounded half-even (for kickers and fees on one line). */
export function bpsOf(amountMinor: bigint, bps: number): bigint {
  assertBpsShares([{ bps }], 'bps');
  return divideRounded(amountMinor * BigInt(bps), BigInt(FULL_BPS));
}
