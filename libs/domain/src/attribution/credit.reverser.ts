import { allocateByBps, bpsOf } from '../money/bps.allocator';
import type { CreditLine } from './attribution.types';
import { percent } from './kicker.calculator';

/**
 * Credits for a cancellation, refund or downgrade: the original decision's
 * lines, with the same partners, engagements and shares, applied to the
 * negative amount. The rules are deliberately NOT re-run: by the time a
 * refund arrives a registration may have expired or a new one been approved,
 * and a refund must take back exactly what the purchase gave, from whom it gave it.
 *
 * The split lines are re-allocated together with allocateByBps, so a full
 * refund (the same magnitude as the original revenue) mirrors the original
 * lines to the cent and a partial one is split by the same shares with the
 * parts adding up exactly. Kicker lines are taken back at their own bps.
 *
 * @param original the credit lines of the decision being reversed
 * @param amountMinor the reversed revenue, negative (as it arrives on the fact)
 */
export function reverseCredits(original: readonly CreditLine[], amountMinor: bigint, why = 'reversal'): CreditLine[] {
  if (amountMinor > 0n) throw new RangeError(`a reversal amount is negative or zero, got ${amountMinor}`);
  const split = original.filter((line) => line.kicker === undefined);
  const allocation = allocateByBps(
    amountMinor,
    split.map((line, index) => ({ key: index, bps: line.shareBps })),
  );
  const reversedSplit = split.map((line, index) => reversed(line, allocation[index].amountMinor, why));
  const reversedKickers = original
    .filter((line) => line.kicker !== undefined)
    .map((line) => reversed(line, bpsOf(amountMinor, line.shareBps), why));
  return [...reversedSplit, ...reversedKickers];
}

function reversed(line: CreditLine, amountMinor: bigint, why: string): CreditLine {
  return {
    ...line,
    amountMinor,
    // The original ruleId is kept so a report by rule nets the purchase and its refund.
    reason: `${why}: takes back ${percent(line.shareBps)} as originally credited (${line.reason})`,
  };
}
