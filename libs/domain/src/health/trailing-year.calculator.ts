const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * The trailing year before `asOf` (after `asOf` - 365 days, up to and
 * including `asOf`) cut where a monthly rollup can answer it: the whole
 * calendar months from `wholeMonthsFrom` (inclusive) to `wholeMonthsTo`
 * (exclusive), and the two part months at its ends, (after, wholeMonthsFrom)
 * and [wholeMonthsTo, upTo], which only the ledger can. The parts never
 * overlap and together are the whole year, so the sums are the ledger's.
 */
export interface TrailingYearSpan {
  after: Date;
  wholeMonthsFrom: Date;
  wholeMonthsTo: Date;
  upTo: Date;
}

export function trailingYearSpan(asOf: Date): TrailingYearSpan {
  const after = new Date(asOf.getTime() - YEAR_MS);
  // The first month start strictly after `after`: a line at exactly `after` is outside the year.
  const wholeMonthsFrom = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth() + 1, 1));
  const wholeMonthsTo = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth(), 1));
  return { after, wholeMonthsFrom, wholeMonthsTo, upTo: asOf };
}
