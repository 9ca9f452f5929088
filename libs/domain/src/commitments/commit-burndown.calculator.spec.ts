import { burndownSeries, type DrawdownEntry } from './commit-burndown.calculator';

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
// $1,200 committed for calendar 2026 (365 days).
const commitment = { totalMinor: 120_000n, startsAt: day('2026-01-01'), endsAt: day('2027-01-01') };
const entries: DrawdownEntry[] = [
  { at: day('2026-01-15'), drawnMinor: 10_000n, partnerId: 'p1' },
  { at: day('2026-02-10'), drawnMinor: 20_000n, partnerId: null },
  { at: day('2026-03-05'), drawnMinor: 30_000n, partnerId: 'p2' },
  { at: new Date('2026-04-01T00:00:01.000Z'), drawnMinor: 40_000n, partnerId: 'p1' }, // after asOf: not yet seen
];

describe('commit burn-down as of 1 April 2026', () => {
  const burndown = burndownSeries(entries, commitment, day('2026-04-01'));

  it('shows each month drawn, cumulative, remaining and partner-driven', () => {
    expect(
      burndown.points.map((p) => [
        p.monthStart.toISOString().slice(0, 7),
        p.drawnMinor,
        p.cumulativeMinor,
        p.remainingMinor,
        p.partnerDrivenCumulativeMinor,
      ]),
    ).toEqual([
      ['2026-01', 10_000n, 10_000n, 110_000n, 10_000n],
      ['2026-02', 20_000n, 30_000n, 90_000n, 10_000n],
      ['2026-03', 30_000n, 60_000n, 60_000n, 40_000n],
      ['2026-04', 0n, 60_000n, 60_000n, 40_000n],
    ]);
  });

  it.each([
    ['drawn to date', 'drawnToDateMinor', 60_000n],
    ['remaining', 'remainingMinor', 60_000n],
    ['partner-driven', 'partnerDrivenMinor', 40_000n],
    ['partner share: 40,000 of 60,000 = 66.67%', 'partnerShareBps', 6667],
    ['months left: April to December', 'monthsLeft', 9],
    ['pace: 60,000 over 9 months, rounded up', 'pacePerMonthMinor', 6667n],
    ['forecast: 60,000 in 90 days run on for 365 days', 'forecastAtEndMinor', 243_333n],
    ['on track', 'onTrack', true],
  ] as const)('%s', (_what, field, expected) => {
    expect(burndown[field]).toBe(expected);
  });
});

describe('burn-down at the edges of the term', () => {
  it('before it starts: nothing drawn, the whole commitment over 12 months', () => {
    const result = burndownSeries(entries, commitment, day('2025-12-01'));
    expect([result.points.length, result.forecastAtEndMinor, result.monthsLeft, result.pacePerMonthMinor]).toEqual([0, 0n, 12, 10_000n]);
  });

  it('falling short: says how much and what pace is needed', () => {
    const result = burndownSeries(entries.slice(0, 1), commitment, day('2026-07-01'));
    // 10,000 in 181 days -> forecast 10,000 x 365 / 181 = 20,165.75 -> 20,166; 110,000 left over 6 months = 18,333.33 -> 18,334
    expect([result.forecastAtEndMinor, result.pacePerMonthMinor, result.onTrack]).toEqual([20_166n, 18_334n, false]);
    expect(result.reason).toBe('at the current rate 998.34 USD would be left unmet; 183.34 USD a month is needed for 6 month(s)');
  });

  it('after it ends: no months left, the remainder is simply unmet', () => {
    const result = burndownSeries(entries, commitment, day('2027-03-01'));
    expect([result.monthsLeft, result.drawnToDateMinor, result.pacePerMonthMinor, result.points.length]).toEqual([
      0,
      100_000n,
      20_000n,
      12,
    ]);
  });
});
