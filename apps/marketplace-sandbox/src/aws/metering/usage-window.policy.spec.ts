import { isWithinUsageWindow, usageHour } from './usage-window.policy';

const at = (iso: string) => new Date(iso);

describe('isWithinUsageWindow', () => {
  it('accepts a record just under the window and refuses one at the window', () => {
    const now = at('2026-03-10T12:00:00Z');
    expect(isWithinUsageWindow(at('2026-03-10T06:00:01Z'), now, 6)).toBe(true);
    expect(isWithinUsageWindow(at('2026-03-10T06:00:00Z'), now, 6)).toBe(false);
  });

  it('refuses records from the future beyond a small skew', () => {
    const now = at('2026-03-10T12:00:00Z');
    expect(isWithinUsageWindow(at('2026-03-10T12:04:00Z'), now, 6)).toBe(true);
    expect(isWithinUsageWindow(at('2026-03-10T12:10:00Z'), now, 6)).toBe(false);
  });

  it('accepts last month until 06:00 UTC on the 1st, then refuses it even within a 24-hour window', () => {
    const lastDay = at('2026-02-28T23:00:00Z');
    expect(isWithinUsageWindow(lastDay, at('2026-03-01T05:59:59Z'), 24)).toBe(true);
    expect(isWithinUsageWindow(lastDay, at('2026-03-01T06:00:00Z'), 24)).toBe(false);
    expect(isWithinUsageWindow(at('2026-03-01T00:30:00Z'), at('2026-03-01T07:00:00Z'), 24)).toBe(true);
  });
});

describe('usageHour', () => {
  it('truncates to the UTC hour', () => {
    expect(usageHour(at('2026-03-10T12:59:59.999Z')).toISOString()).toBe('2026-03-10T12:00:00.000Z');
  });
});
