import { hourStart, isInsideMeteringWindow, meteringWindowCheck } from './metering-window.rule';

const t = (iso: string) => new Date(iso);

describe('hourStart: the UTC hour a record is billed in', () => {
  it.each([
    ['2026-03-15T12:34:56.789Z', '2026-03-15T12:00:00.000Z'],
    ['2026-03-15T12:00:00.000Z', '2026-03-15T12:00:00.000Z'],
    ['2026-03-15T12:59:59.999Z', '2026-03-15T12:00:00.000Z'],
    ['2026-03-15T12:34:56.789+05:30', '2026-03-15T07:00:00.000Z'], // an offset only changes how the instant is written
  ])('%s -> %s', (iso, expected) => expect(hourStart(t(iso)).toISOString()).toBe(expected));
});

describe('the metering window: what a marketplace still accepts', () => {
  it.each([
    // timestamp, now, window hours, verdict
    ['2026-03-15T12:00:00Z', '2026-03-15T12:30:00Z', 6, 'inside'],
    ['2026-03-15T12:59:59Z', '2026-03-15T12:30:00Z', 6, 'inside'], // later in the current hour
    ['2026-03-15T13:00:00Z', '2026-03-15T12:30:00Z', 6, 'IN_THE_FUTURE'],
    ['2026-03-15T06:30:01Z', '2026-03-15T12:30:00Z', 6, 'inside'], // 5 h 59 min 59 s old
    ['2026-03-15T06:30:00Z', '2026-03-15T12:30:00Z', 6, 'TOO_OLD'], // exactly 6 h: refused
    ['2026-03-14T13:00:00Z', '2026-03-15T12:30:00Z', 24, 'inside'], // 23.5 h with the 24 h window
    ['2026-03-14T12:30:00Z', '2026-03-15T12:30:00Z', 24, 'TOO_OLD'],
    // month end: the previous month is accepted until 06:00 UTC on the 1st
    ['2026-03-31T23:00:00Z', '2026-04-01T05:59:59Z', 24, 'inside'],
    ['2026-03-31T23:00:00Z', '2026-04-01T06:00:00Z', 24, 'PREVIOUS_MONTH_CLOSED'],
    ['2026-04-01T00:00:00Z', '2026-04-01T06:00:00Z', 24, 'inside'], // this month's own first hour
    ['2026-03-31T23:00:00Z', '2026-04-01T05:00:00Z', 6, 'TOO_OLD'], // the window is stricter than the grace
    ['2026-12-31T22:00:00Z', '2027-01-01T07:00:00Z', 24, 'PREVIOUS_MONTH_CLOSED'], // across a year
  ])('%s at %s with a %p h window: %s', (ts, now, windowHours, verdict) => {
    const result = meteringWindowCheck(t(ts), t(now), windowHours);
    expect(result.inside ? 'inside' : result.reason).toBe(verdict);
    expect(isInsideMeteringWindow(t(ts), t(now), windowHours)).toBe(verdict === 'inside');
  });

  it('honours another month-end grace', () => {
    expect(isInsideMeteringWindow(t('2026-03-31T23:30:00Z'), t('2026-04-01T00:30:00Z'), 24, 0)).toBe(false);
    expect(isInsideMeteringWindow(t('2026-03-31T23:30:00Z'), t('2026-04-01T11:00:00Z'), 24, 12)).toBe(true);
  });

  it('explains a refusal', () => {
    expect(meteringWindowCheck(t('2026-03-31T23:00:00Z'), t('2026-04-01T06:00:00Z'), 24)).toEqual({
      inside: false,
      reason: 'PREVIOUS_MONTH_CLOSED',
      explanation: '2026-03-31T23:00:00.000Z belongs to the previous month, accepted only until 2026-04-01T06:00:00.000Z',
    });
  });
});
