/**
 * Adoption from metered usage: which dimensions are in use, usage week by
 * week, and usage against what the customer's agreements are worth. Pure:
 * the caller passes the hours it read and the instant to judge from.
 */
export interface UsageHourFact {
  dimension: string;
  hour: Date;
  quantity: bigint;
  /** What the hour was billed for, when priced. */
  valueMinor: bigint | null;
}

export interface WeeklyUsage {
  weekStart: Date;
  quantityByDimension: Record<string, string>;
  valueMinor: bigint;
}

const WEEK_MS = 7 * 86_400_000;

/** Weeks ending at asOf (the last one is the 7 days up to asOf), oldest first. */
export function weeklyUsage(hours: readonly UsageHourFact[], asOf: Date, weeks: number): WeeklyUsage[] {
  const end = asOf.getTime();
  const out: WeeklyUsage[] = Array.from({ length: weeks }, (_, i) => ({
    weekStart: new Date(end - (weeks - i) * WEEK_MS),
    quantityByDimension: {},
    valueMinor: 0n,
  }));
  const totals = out.map(() => new Map<string, bigint>());
  for (const h of hours) {
    const age = end - h.hour.getTime();
    if (age <= 0 || age > weeks * WEEK_MS) continue;
    const index = weeks - 1 - Math.floor((age - 1) / WEEK_MS);
    totals[index].set(h.dimension, (totals[index].get(h.dimension) ?? 0n) + h.quantity);
    out[index].valueMinor += h.valueMinor ?? 0n;
  }
  totals.forEach((byDimension, i) => {
    out[i].quantityByDimension = Object.fromEntries([...byDimension.entries()].sort().map(([d, q]) => [d, q.toString()]));
  });
  return out;
}

/** Dimensions with any usage in the last `days` days before asOf. */
export function activeDimensions(hours: readonly UsageHourFact[], asOf: Date, days = 28): string[] {
  const from = asOf.getTime() - days * 86_400_000;
  return [...new Set(hours.filter((h) => h.quantity > 0n && h.hour.getTime() > from && h.hour <= asOf).map((h) => h.dimension))].sort();
}

/** Usage value against the value of the agreements in force, in basis points (null without a valued agreement). */
export function usageAgainstContractBps(usageValueMinor: bigint, contractValueMinor: bigint): number | null {
  if (contractValueMinor <= 0n) return null;
  return Number((usageValueMinor * 10_000n) / contractValueMinor);
}
