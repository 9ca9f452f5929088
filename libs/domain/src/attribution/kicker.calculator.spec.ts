import { engagementRules, type KickerRules } from '../engagement/engagement-rules.config';
import { purchase, registration as reg } from './attribution.fixtures';
import type { PartnerFact } from './attribution.types';
import { percent } from './kicker.calculator';
import { attributeRevenue } from './revenue.attributor';

const kickerRules = (changes: Partial<KickerRules> = {}) =>
  engagementRules({
    kickers: {
      newLogoBps: 500,
      legacyMigrationBps: 250,
      competencyBonuses: [
        { competency: 'SECURITY', bps: 200 },
        { competency: 'DATA_ANALYTICS', bps: 300 },
      ],
      engagements: ['SOURCED'],
      ...changes,
    },
  });
const partners: PartnerFact[] = [
  { id: 'p1', competencies: ['SECURITY', 'DATA_ANALYTICS'], certifications: [] },
  { id: 'p2', competencies: ['SECURITY'], certifications: [] },
];
const kickerLines = (credits: { partnerId: string; kicker?: string; shareBps: number; amountMinor: bigint }[]) =>
  credits.filter((c) => c.kicker).map((c) => [c.partnerId, c.kicker, c.shareBps, c.amountMinor]);

describe('incentive kickers add to the payout, each as its own line in bps of the revenue (10,000.00 USD)', () => {
  it.each([
    ['no kicker for an ordinary renewal', {}, [reg('p1', 'SOURCED')], {}, []],
    ['new logo: +5% to the sourcing partner', { isNewLogo: true }, [reg('p1', 'SOURCED')], {}, [['p1', 'NEW_LOGO', 500, 50_000n]]],
    ['legacy migration: +2.5%', { isLegacyMigration: true }, [reg('p1', 'SOURCED')], {}, [['p1', 'LEGACY_MIGRATION', 250, 25_000n]]],
    [
      'both, each with its own line',
      { isNewLogo: true, isLegacyMigration: true },
      [reg('p1', 'SOURCED')],
      {},
      [
        ['p1', 'NEW_LOGO', 500, 50_000n],
        ['p1', 'LEGACY_MIGRATION', 250, 25_000n],
      ],
    ],
    [
      'new logo through a channel offer goes to the reseller',
      { isNewLogo: true, resellerPartnerId: 'r1' },
      [],
      {},
      [['r1', 'NEW_LOGO', 500, 50_000n]],
    ],
    ['an influencing partner earns none by default', { isNewLogo: true }, [reg('p2', 'INFLUENCED')], {}, []],
    [
      'an influencing partner earns them when the rules include influence',
      { isNewLogo: true },
      [reg('p2', 'INFLUENCED')],
      { engagements: ['SOURCED', 'INFLUENCED'] },
      [['p2', 'NEW_LOGO', 500, 50_000n]],
    ],
    ['a direct sale pays no kicker', { isNewLogo: true }, [], {}, []],
  ] as const)('%s', (_rule, factChanges, registrations, ruleChanges, expected) => {
    const noCompetency = { competencyBonuses: [], ...ruleChanges };
    const decision = attributeRevenue(purchase(factChanges), [...registrations], kickerRules(noCompetency), partners);
    expect(kickerLines(decision.credits)).toEqual(expected);
  });

  it.each([
    ['p1 holds SECURITY (2%) and DATA_ANALYTICS (3%): only the best one, 3%, is paid', 'p1', [['p1', 'COMPETENCY_BONUS', 300, 30_000n]]],
    ['p2 holds SECURITY: 2%', 'p2', [['p2', 'COMPETENCY_BONUS', 200, 20_000n]]],
    ['an unknown partner has no competencies on record', 'p9', []],
  ])('competency bonus: %s', (_rule, partnerId, expected) => {
    const decision = attributeRevenue(purchase(), [reg(partnerId, 'SOURCED')], kickerRules(), partners);
    expect(kickerLines(decision.credits)).toEqual(expected);
  });

  it('gives the kicker its reason, and leaves the revenue split at 100%', () => {
    const decision = attributeRevenue(purchase({ isNewLogo: true }), [reg('p1', 'SOURCED')], kickerRules({ competencyBonuses: [] }));
    expect(decision.credits.map((c) => c.reason)).toEqual([
      expect.stringContaining('100% = 10000.00 USD'),
      'customer cust-1 is a new logo: kicker of 5% of the revenue = 500.00 USD for partner p1',
    ]);
    expect(decision.credits.filter((c) => !c.kicker).reduce((sum, c) => sum + c.shareBps, 0)).toBe(10_000);
  });
});

describe('percent', () => {
  it.each([
    [7000, '70%'],
    [250, '2.5%'],
    [3333, '33.33%'],
    [5, '0.05%'],
    [10000, '100%'],
  ])('%p bps reads %s', (bps, text) => expect(percent(bps)).toBe(text));
});
