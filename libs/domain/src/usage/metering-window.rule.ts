const HOUR_MS = 3_600_000;

/** The start of the UTC hour a timestamp falls in: marketplaces bill usage per customer, dimension and hour. */
export function hourStart(date: Date): Date {
  return new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS);
}

export type MeteringWindowVerdict =
  | { inside: true }
  | { inside: false; reason: 'IN_THE_FUTURE' | 'TOO_OLD' | 'PREVIOUS_MONTH_CLOSED'; explanation: string };

/**
 * Whether a usage record may still be sent. One out-of-window record fails a
 * whole AWS BatchMeterUsage call (TimestampOutOfBoundsException), so records
 * are filtered with this before a batch is built. Three rules:
 * - not in a future hour (the current hour is fine);
 * - younger than windowHours (refused once it is windowHours or more old);
 * - usage of the previous calendar month (UTC) only until 06:00 UTC on the
 *   1st (monthEndGraceHours), even when the window would still allow it.
 */
export function meteringWindowCheck(timestamp: Date, now: Date, windowHours: number, monthEndGraceHours = 6): MeteringWindowVerdict {
  if (!(windowHours > 0)) throw new RangeError('windowHours must be positive');
  const ts = timestamp.getTime();
  if (ts >= hourStart(now).getTime() + HOUR_MS) {
    return { inside: false, reason: 'IN_THE_FUTURE', explanation: `${timestamp.toISOString()} is in an hour that has not started yet` };
  }
  if (now.getTime() - ts >= windowHours * HOUR_MS) {
    return { inside: false, reason: 'TOO_OLD', explanation: `${timestamp.toISOString()} is ${windowHours} hours or more old` };
  }
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  if (ts < monthStart && now.getTime() >= monthStart + monthEndGraceHours * HOUR_MS) {
    return {
      inside: false,
      reason: 'PREVIOUS_MONTH_CLOSED',
      explanation: `${timestamp.toISOString()} belongs to the previous month, accepted only until ${new Date(monthStart + monthEndGraceHours * HOUR_MS).toISOString()}`,
    };
  }
  return { inside: true };
}

export function isInsideMeteringWindow(timestamp: Date, now: Date, windowHours: number, monthEndGraceHours = 6): boolean {
  return meteringWindowCheck(timestamp, now, windowHours, monthEndGraceHours).inside;
}
