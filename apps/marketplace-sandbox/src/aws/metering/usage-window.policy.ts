const HOUR_MS = 3_600_000;
/** Clock skew tolerated for records stamped slightly in the future. */
const FUTURE_SKEW_MS = 5 * 60_000;
/** Usage of a closed month is refused from this hour on the 1st (UTC): the month is billed. */
export const MONTH_CLOSE_HOUR_UTC = 6;

/**
 * BatchMeterUsage's time rule. A record is refused when it is `windowHours`
 * or more old, when it is in the future, or when it belongs to the previous
 * month and the 1st's 06:00 UTC has passed. The last rule only bites with a
 * window longer than 6 hours, but then it does: at 07:00 on the 1st, 23:00
 * of the last day is 8 hours old and still refused.
 */
export function isWithinUsageWindow(usageTime: Date, now: Date, windowHours: number): boolean {
  const t = usageTime.getTime();
  const n = now.getTime();
  if (t > n + FUTURE_SKEW_MS) return false;
  if (n - t >= windowHours * HOUR_MS) return false;
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  if (t < monthStart && n >= monthStart + MONTH_CLOSE_HOUR_UTC * HOUR_MS) return false;
  return true;
}

/** The start of the UTC hour a usage time falls in: the unit of deduplication. */
export function usageHour(usageTime: Date): Date {
  return new Date(Math.floor(usageTime.getTime() / HOUR_MS) * HOUR_MS);
}
