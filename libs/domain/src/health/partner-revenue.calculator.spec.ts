import { partnerRevenueByPeriod, periodKey, type DatedCreditLine } from './partner-revenue.calculator';

const credit = (
  partnerId: string,
  engagement: 'SOURCED' | 'INFLUENCED',
  amountMinor: bigint,
  iso: string,
  extra: Partial<DatedCreditLine> = {},
): DatedCreditLine => ({
  partnerId,
  engagement,
  shareBps: 10_000,
  amountMinor,
  reason: 'test',
  ruleId: 'REGISTRATION_SOURCED',
  occurredAt: new Date(iso),
  currency: 'USD',
  ...extra,
});

describe('period keys are UTC calendar periods', () => {
  it.each([
    ['2026-03-31T23:59:59.999Z', 'MONTH', '2026-03'],
    ['2026-04-01T00:00:00.000Z', 'MONTH', '2026-04'],
    ['2026-03-31T23:59:59.999Z', 'QUARTER', '2026-Q1'],
    ['2026-10-01T00:00:00.000Z', 'QUARTER', '2026-Q4'],
    ['2026-12-31T23:00:00.000Z', 'YEAR', '2026'],
  ] as const)('%s by %s is %s', (iso, granularity, key) => {
    expect(periodKey(new Date(iso), granularity)).toBe(key);
  });
});

describe('PAR counts sourced credit, PIR influenced credit, per partner and period', () => {
  const lines = [
    credit('p1', 'SOURCED', 700_000n, '2026-01-10T00:00:00Z'),
    credit('p2', 'INFLUENCED', 300_000n, '2026-01-10T00:00:00Z'),
    credit('p1', 'INFLUENCED', 50_000n, '2026-02-03T00:00:00Z'),
    credit('p1', 'SOURCED', 35_000n, '2026-01-10T00:00:00Z', { kicker: 'NEW_LOGO', shareBps: 500 }), // payout, not revenue
    credit('p1', 'SOURCED', -70_000n, '2026-04-02T00:00:00Z'), // refund lands in its own quarter
    credit('p1', 'SOURCED', 90_000n, '2026-02-01T00:00:00Z', { currency: 'EUR' }), // never added to dollars
  ];

  it.each([
    [
      'QUARTER',
      [
        ['p1', '2026-Q1', 'EUR', 90_000n, 0n],
        ['p1', '2026-Q1', 'USD', 700_000n, 50_000n],
        ['p1', '2026-Q2', 'USD', -70_000n, 0n],
        ['p2', '2026-Q1', 'USD', 0n, 300_000n],
      ],
    ],
    [
      'YEAR',
      [
        ['p1', '2026', 'EUR', 90_000n, 0n],
        ['p1', '2026', 'USD', 630_000n, 50_000n],
        ['p2', '2026', 'USD', 0n, 300_000n],
      ],
    ],
  ] as const)('by %s', (granularity, expected) => {
    expect(partnerRevenueByPeriod(lines, granularity).map((r) => [r.partnerId, r.period, r.currency, r.parMinor, r.pirMinor])).toEqual(
      expected,
    );
  });
});
