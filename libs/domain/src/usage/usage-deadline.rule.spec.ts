import { meteringWindowCheck } from './metering-window.rule';
import { hoursDueBy, usageDeadline } from './usage-deadline.rule';

const t = (iso: string) => new Date(iso);

describe('usageDeadline: until when an hour of usage can still be sent', () => {
  it.each([
    ['2026-03-15T12:00:00Z', 6, '2026-03-15T18:00:00.000Z'],
    ['2026-03-15T12:40:00Z', 6, '2026-03-15T18:00:00.000Z'], // the hour's start counts, not the record's time
    ['2026-03-15T12:00:00Z', 24, '2026-03-16T12:00:00.000Z'],
    ['2026-03-31T23:00:00Z', 24, '2026-04-01T06:00:00.000Z'], // the month closes at 06:00 on the 1st
    ['2026-03-31T23:00:00Z', 6, '2026-04-01T05:00:00.000Z'], // the window is stricter than the grace
    ['2026-12-31T22:00:00Z', 24, '2027-01-01T06:00:00.000Z'],
  ])('%s with a %p h window: %s', (hour, windowHours, deadline) => {
    expect(usageDeadline(t(hour), windowHours).toISOString()).toBe(deadline);
  });

  it('agrees with meteringWindowCheck: inside a millisecond before, refused at the deadline', () => {
    for (const [hour, windowHours] of [
      ['2026-03-15T12:00:00Z', 6],
      ['2026-03-31T23:00:00Z', 24],
      ['2026-03-31T20:00:00Z', 12],
    ] as const) {
      const deadline = usageDeadline(t(hour), windowHours).getTime();
      expect(meteringWindowCheck(t(hour), new Date(deadline - 1), windowHours).inside).toBe(true);
      expect(meteringWindowCheck(t(hour), new Date(deadline), windowHours).inside).toBe(false);
    }
  });
});

describe('hoursDueBy: the hours whose deadline is at most a horizon, as range bounds', () => {
  it('holds exactly the hours usageDeadline puts at or before the horizon, across a month close', () => {
    for (const [horizon, windowHours] of [
      ['2026-04-01T05:30:00Z', 24],
      ['2026-04-01T06:00:00Z', 24],
      ['2026-04-01T06:00:00Z', 6],
      ['2026-03-15T12:20:00Z', 6],
      ['2027-01-01T07:00:00Z', 48],
    ] as const) {
      const { lastHourByWindow, monthCloseBefore } = hoursDueBy(t(horizon), windowHours);
      for (let h = t(horizon).getTime() - 100 * 3_600_000; h < t(horizon).getTime() + 3_600_000; h += 3_600_000) {
        const hour = new Date(Math.floor(h / 3_600_000) * 3_600_000);
        const due = usageDeadline(hour, windowHours) <= t(horizon);
        expect([hour.toISOString(), hour <= lastHourByWindow || hour < monthCloseBefore]).toEqual([hour.toISOString(), due]);
      }
    }
  });
});
