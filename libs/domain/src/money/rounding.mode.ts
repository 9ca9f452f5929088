/**
 * How a division that does not come out even is settled. HALF_EVEN (banker's
 * rounding) is the default everywhere because it does not drift upwards when
 * many half-cent results are summed, which matters for hourly usage revenue.
 */
export type RoundingMode = 'HALF_EVEN' | 'HALF_UP' | 'DOWN';

/**
 * numerator / denominator rounded to an integer. Symmetric around zero, so a
 * refund rounds to exactly the negation of the purchase it reverses.
 */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode = 'HALF_EVEN'): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  const twiceRemainder = (n % d) * 2n;
  if (mode === 'HALF_UP' && twiceRemainder >= d) quotient += 1n;
  if (mode === 'HALF_EVEN' && (twiceRemainder > d || (twiceRemainder === d && quotient % 2n === 1n))) quotient += 1n;
  return negative ? -quotient : quotient;
}
