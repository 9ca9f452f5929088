import type { RegistrationFact } from '../attribution/attribution.types';
import { FULL_BPS } from '../money/bps.allocator';

export interface RegistrationWin {
  registrationId: string;
  /** When the registered deal closed (the purchase it was credited for). */
  wonAt: Date;
}

export interface RegistrationPerformance {
  won: number;
  lost: number;
  open: number;
  /** won / (won + lost) in bps, rounded to the nearest; null while nothing is closed. */
  winRateBps: number | null;
  /** Median time from registration to win, in whole hours; null without wins. */
  medianCycleHours: number | null;
}

const HOUR_MS = 3_600_000;

/**
 * How well a partner's registrations turn into deals, as of a date. A
 * registration is won when a win is known by asOf; lost when rejected or
 * expired without a win; otherwise still open and left out of the rate, so a
 * partner is not punished for deals still in progress.
 */
export function registrationPerformance(
  registrations: readonly Pick<RegistrationFact, 'id' | 'status' | 'registeredAt' | 'expiresAt'>[],
  wins: readonly RegistrationWin[],
  asOf: Date,
): RegistrationPerformance {
  const winOf = new Map(wins.filter((w) => w.wonAt.getTime() <= asOf.getTime()).map((w) => [w.registrationId, w.wonAt]));
  let won = 0;
  let lost = 0;
  let open = 0;
  const cycles: number[] = [];
  for (const registration of registrations) {
    const wonAt = winOf.get(registration.id);
    if (wonAt) {
      won += 1;
      cycles.push(wonAt.getTime() - registration.registeredAt.getTime());
    } else if (registration.status === 'REJECTED' || registration.expiresAt.getTime() <= asOf.getTime()) {
      lost += 1;
    } else {
      open += 1;
    }
  }
  const closed = won + lost;
  return {
    won,
    lost,
    open,
    winRateBps: closed === 0 ? null : Math.round((won * FULL_BPS) / closed),
    medianCycleHours: cycles.length === 0 ? null : Math.round(median(cycles) / HOUR_MS),
  };
}

/** Middle value; for an even count the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
