import { accountRiskSignals, DEFAULT_RISK_SETTINGS, type AccountFacts } from './account-risk.rules';
import { activeDimensions, usageAgainstContractBps, weeklyUsage } from './usage-adoption.calculator';

const asOf = new Date('2026-12-02T00:00:00Z');
const daysAgo = (d: number) => new Date(asOf.getTime() - d * 86_400_000);
const none: AccountFacts = { usage: [], subscriptions: [], agreements: [], commitments: [] };

describe('adoption from metered usage', () => {
  const hours = [
    { dimension: 'api_calls', hour: daysAgo(1), quantity: 100n, valueMinor: 1000n },
    { dimension: 'api_calls', hour: daysAgo(8), quantity: 300n, valueMinor: 3000n },
    { dimension: 'seats', hour: daysAgo(40), quantity: 5n, valueMinor: null },
  ];

  it('totals usage per week, oldest first, per dimension', () => {
    const weeks = weeklyUsage(hours, asOf, 2);
    expect(weeks.map((w) => [w.quantityByDimension, w.valueMinor])).toEqual([
      [{ api_calls: '300' }, 3000n],
      [{ api_calls: '100' }, 1000n],
    ]);
  });

  it('names the dimensions in use in the last four weeks, and usage against the contract', () => {
    expect(activeDimensions(hours, asOf)).toEqual(['api_calls']);
    expect(usageAgainstContractBps(4000n, 100_000n)).toBe(400);
    expect(usageAgainstContractBps(1n, 0n)).toBeNull();
  });
});

describe('account risk signals', () => {
  it('signals a dimension whose usage fell at least the threshold, with the numbers', () => {
    const usage = [
      { dimension: 'api_calls', hour: daysAgo(20), quantity: 1000n, valueMinor: null },
      { dimension: 'api_calls', hour: daysAgo(3), quantity: 700n, valueMinor: null },
      { dimension: 'seats', hour: daysAgo(20), quantity: 10n, valueMinor: null },
      { dimension: 'seats', hour: daysAgo(3), quantity: 8n, valueMinor: null },
    ];
    const signals = accountRiskSignals({ ...none, usage }, asOf);
    expect(signals).toEqual([
      {
        kind: 'USAGE_FALLING',
        subject: 'api_calls',
        reason: expect.stringMatching(/\(700\) is 30% below .*\(1000\); the threshold is 30%/),
      },
    ]);
    expect(accountRiskSignals({ ...none, usage }, asOf, { ...DEFAULT_RISK_SETTINGS, usageDropPercent: 31 })).toEqual([]);
  });

  it('signals an agreement ending within 30/60/90 days without a renewal, and none once renewed', () => {
    const agreement = { id: 'a', marketplaceAgreementId: 'agmt-1', status: 'ACTIVE', renewed: false, updatedAt: daysAgo(100) };
    expect(accountRiskSignals({ ...none, agreements: [{ ...agreement, endsAt: daysAgo(-45) }] }, asOf)).toEqual([
      expect.objectContaining({ kind: 'RENEWAL_DUE', withinDays: 60, subject: 'agmt-1' }),
    ]);
    expect(accountRiskSignals({ ...none, agreements: [{ ...agreement, endsAt: daysAgo(-45), renewed: true }] }, asOf)).toEqual([]);
    expect(accountRiskSignals({ ...none, agreements: [{ ...agreement, endsAt: daysAgo(-120) }] }, asOf)).toEqual([]);
  });

  it('signals an unsubscribe, a recent cancellation and a commitment behind its pace', () => {
    const signals = accountRiskSignals(
      {
        usage: [],
        subscriptions: [{ id: 's', status: 'UNSUBSCRIBE_PENDING', endingAt: null }],
        agreements: [
          { id: 'a', marketplaceAgreementId: 'agmt-2', status: 'CANCELLED', endsAt: null, renewed: false, updatedAt: daysAgo(5) },
        ],
        commitments: [
          { id: 'c', kind: 'EDP', onTrack: false, reason: 'forecast 40% of the total', startsAt: daysAgo(100), endsAt: daysAgo(-100) },
        ],
      },
      asOf,
    );
    expect(signals.map((s) => s.kind)).toEqual(['UNSUBSCRIBE_PENDING', 'CANCELLED', 'COMMITMENT_BEHIND_PACE']);
  });
});
