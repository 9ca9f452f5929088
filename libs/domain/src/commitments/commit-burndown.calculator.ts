import { FULL_BPS } from '../money/bps.allocator';
import { formatMinor } from '../money/minor.formatter';
import { divideRounded } from '../money/rounding.mode';
import type { Commitment } from './commitment.types';

export interface DrawdownEntry {
  /** Invoice date of the drawdown. */
  at: Date;
  drawnMinor: bigint;
  /** The partner credited for the purchase behind it; null for direct. */
  partnerId: string | null;
}

export interface BurndownPoint {
  /** First instant of the calendar month (UTC). */
  monthStart: Date;
  drawnMinor: bigint;
  cumulativeMinor: bigint;
  remainingMinor: bigint;
  partnerDrivenCumulativeMinor: bigint;
}

export interface Burndown {
  points: BurndownPoint[];
  drawnToDateMinor: bigint;
  remainingMinor: bigint;
  partnerDrivenMinor: bigint;
  /** Share of the drawn amount partners drove, in bps (0 when nothing is drawn yet). */
  partnerShareBps: number;
  /** Calendar months left in the term, the current one counted if it has any time left. */
  monthsLeft: number;
  /** What must be drawn each remaining month to meet the commitment (rounded up: less would fall short). */
  pacePerMonthMinor: bigint;
  /** Drawn so far extended at the same rate to the end of the term. */
  forecastAtEndMinor: bigint;
  onTrack: boolean;
  reason: string;
}

type CommitmentTerm = Pick<Commitment, 'totalMinor' | 'startsAt' | 'endsAt' | 'currency'>;

/**
 * The burn-down of one commitment as of a date: month by month what was drawn,
 * how much remains, how much partners drove, the pace needed from now on and
 * a linear run-rate forecast. Entries after asOf are ignored, so the view of
 * a past date can be rebuilt exactly.
 */
export function burndownSeries(entries: readonly DrawdownEntry[], commitment: CommitmentTerm, asOf: Date): Burndown {
  const start = commitment.startsAt.getTime();
  const end = commitment.endsAt.getTime();
  if (end <= start) throw new RangeError('a commitment must end after it starts');
  const now = Math.min(Math.max(asOf.getTime(), start), end);
  const counted = entries.filter((e) => e.at.getTime() >= start && e.at.getTime() < end && e.at.getTime() <= asOf.getTime());

  const points: BurndownPoint[] = [];
  let cumulative = 0n;
  let partnerCumulative = 0n;
  for (let month = monthStart(new Date(start)); month.getTime() <= asOf.getTime() && month.getTime() < end; month = nextMonth(month)) {
    const next = nextMonth(month).getTime();
    const inMonth = counted.filter((e) => e.at.getTime() >= month.getTime() && e.at.getTime() < next);
    const drawn = inMonth.reduce((sum, e) => sum + e.drawnMinor, 0n);
    cumulative += drawn;
    partnerCumulative += inMonth.filter((e) => e.partnerId !== null).reduce((sum, e) => sum + e.drawnMinor, 0n);
    points.push({
      monthStart: month,
      drawnMinor: drawn,
      cumulativeMinor: cumulative,
      remainingMinor: max0(commitment.totalMinor - cumulative),
      partnerDrivenCumulativeMinor: partnerCumulative,
    });
  }

  const remaining = max0(commitment.totalMinor - cumulative);
  const monthsLeft = monthsLeftIn(now, end);
  const pace = monthsLeft === 0 ? remaining : divideCeil(remaining, BigInt(monthsLeft));
  const elapsed = BigInt(now - start);
  // Before any time has passed there is no rate to extend: the forecast is what is drawn.
  const forecast = elapsed === 0n ? cumulative : divideRounded(cumulative * BigInt(end - start), elapsed);
  const partnerShareBps = cumulative === 0n ? 0 : Number(divideRounded(partnerCumulative * BigInt(FULL_BPS), cumulative));
  const onTrack = forecast >= commitment.totalMinor;
  const money = (minor: bigint) => formatMinor(minor, commitment.currency ?? 'USD', { withCode: true });
  return {
    points,
    drawnToDateMinor: cumulative,
    remainingMinor: remaining,
    partnerDrivenMinor: partnerCumulative,
    partnerShareBps,
    monthsLeft,
    pacePerMonthMinor: pace,
    forecastAtEndMinor: forecast,
    onTrack,
    reason: onTrack
      ? `at the current rate the commitment is met: forecast ${money(forecast)} of ${money(commitment.totalMinor)}`
      : `at the current rate ${money(commitment.totalMinor - forecast)} would be left unmet; ` +
        `${money(pace)} a month is needed for ${monthsLeft} month(s)`,
  };
}

export function monthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

function nextMonth(month: Date): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
}

/** Calendar months from `from` to `end`, counting the month `from` falls in when time is left in it. */
function monthsLeftIn(from: number, end: number): number {
  if (from >= end) return 0;
  let months = 0;
  for (let month = monthStart(new Date(from)); month.getTime() < end; month = nextMonth(month)) months += 1;
  return months;
}

const max0 = (value: bigint) => (value < 0n ? 0n : value);
const divideCeil = (a: bigint, b: bigint) => (a + b - 1n) / b;
