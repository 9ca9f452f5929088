import { formatMinor } from '../money/minor.formatter';
import { allocateByBps, bpsOf } from '../money/bps.allocator';
import type { CreditLine } from './attribution.types';

/**
 * An agreement's credit follows the agreement's current value. The first
 * credit comes from the attribution rules; after that, an amendment,
 * cancellation or refund does not re-run the rules: each partner line keeps
 * the share it was given and is moved to that share of the new value.
 *
 * `credited` is what the ledger holds for the agreement, one line per
 * partner and rule with its share and the sum credited so far. The answer is
 * the entries to append (the difference only), so applying the same value
 * twice appends nothing: a redelivered or repeated event cannot double a
 * credit, and the ledger stays append-only.
 */
export function agreementCreditAdjustments(
  credited: readonly CreditLine[],
  valueMinor: bigint,
  currency: string,
  why: string,
): CreditLine[] {
  const split = credited.filter((line) => line.kicker === undefined);
  const kickers = credited.filter((line) => line.kicker !== undefined);
  const allocation = allocateByBps(
    valueMinor,
    split.map((line, index) => ({ key: index, bps: line.shareBps })),
  );
  const targets = [
    ...split.map((line, index) => ({ line, target: allocation[index].amountMinor })),
    ...kickers.map((line) => ({ line, target: bpsOf(valueMinor, line.shareBps) })),
  ];
  return targets
    .filter(({ line, target }) => target !== line.amountMinor)
    .map(({ line, target }) => ({
      ...line,
      amountMinor: target - line.amountMinor,
      reason: `${why}: credit moves from ${formatMinor(line.amountMinor, currency)} to ${formatMinor(target, currency)} ${currency}, keeping the ${(line.shareBps / 100).toFixed(2)}% share (${line.ruleId})`,
    }));
}
