import { hourStart } from './metering-window.rule';

const HOUR_MS = 3_600_000;

/**
 * The last instant (exclusive) a usage hour can still be sent, by the rules
 * of meteringWindowCheck applied to the hour's start (the timestamp every
 * send of the hour carries): windowHours after the hour starts, and for
 * usage of a month no later than monthEndGraceHours into the next month.
 */
export function usageDeadline(hour: Date, windowHours: number, monthEndGraceHours = 6): Date {
  const start = hourStart(hour);
  const nextMonth = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
  return new Date(Math.min(start.getTime() + windowHours * HOUR_MS, nextMonth + monthEndGraceHours * HOUR_MS));
}

/**
 * The hours (by their start) whose deadline is at most `horizon`, as two
 * bounds a range query can use: an hour's deadline grows with the hour, so
 * they are the hours starting at or before `lastHourByWindow` (the window has
 * run out by the horizon) together with every hour before
 * `monthCloseBefore` (its month has closed by the horizon).
 */
export function hoursDueBy(horizon: Date, windowHours: number, monthEndGraceHours = 6): { lastHourByWindow: Date; monthCloseBefore: Date } {
  const graceStart = new Date(horizon.getTime() - monthEndGraceHours * HOUR_MS);
  return {
    lastHourByWindow: new Date(horizon.getTime() - windowHours * HOUR_MS),
    monthCloseBefore: new Date(Date.UTC(graceStart.getUTCFullYear(), graceStart.getUTCMonth(), 1)),
  };
}
