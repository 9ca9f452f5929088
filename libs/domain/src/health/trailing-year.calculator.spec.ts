import { trailingYearSpan } from './trailing-year.calculator';

describe('the trailing year cut into whole months and part months', () => {
  it('takes whole months from the month after the start to the month of asOf, and the two ends from the ledger', () => {
    const span = trailingYearSpan(new Date('2026-03-15T10:00:00.000Z'));
    expect(span).toEqual({
      after: new Date('2025-03-15T10:00:00.000Z'),
      wholeMonthsFrom: new Date('2025-04-01T00:00:00.000Z'),
      wholeMonthsTo: new Date('2026-03-01T00:00:00.000Z'),
      upTo: new Date('2026-03-15T10:00:00.000Z'),
    });
  });

  it('leaves a start on a month boundary to the ledger, which excludes the boundary instant itself', () => {
    // 365 days before 2027-02-01 is 2026-02-01 (2026 is not a leap year).
    const span = trailingYearSpan(new Date('2027-02-01T00:00:00.000Z'));
    expect(span.after).toEqual(new Date('2026-02-01T00:00:00.000Z'));
    expect(span.wholeMonthsFrom).toEqual(new Date('2026-03-01T00:00:00.000Z'));
    expect(span.wholeMonthsTo).toEqual(new Date('2027-02-01T00:00:00.000Z'));
  });

  it('covers every instant of the year exactly once', () => {
    const asOf = new Date('2026-07-09T23:59:59.999Z');
    const span = trailingYearSpan(asOf);
    const inSpan = (t: Date) =>
      [
        t > span.after && t < span.wholeMonthsFrom,
        t >= span.wholeMonthsFrom && t < span.wholeMonthsTo,
        t >= span.wholeMonthsTo && t <= span.upTo,
      ].filter(Boolean).length;
    for (let t = span.after.getTime() - 3_600_000; t <= asOf.getTime() + 3_600_000; t += 3_599_999) {
      const at = new Date(t);
      const inYear = at > span.after && at <= asOf;
      expect(inSpan(at)).toBe(inYear ? 1 : 0);
    }
  });
});
