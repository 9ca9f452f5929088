import { engagementRules, type SplitOverride } from '../engagement/engagement-rules.config';
import { at, lines, purchase, registration as reg } from './attribution.fixtures';
import { RULE_IDS } from './attribution.rule-ids';
import { attributeRevenue } from './revenue.attributor';

const kickers = { newLogoBps: 0, legacyMigrationBps: 0, competencyBonuses: [], engagements: ['SOURCED' as const] };

describe('conflicts nobody can settle by the rules are held for sales ops', () => {
  it.each([
    ['two sourced registrations approved at the same instant', 1, [reg('p1', 'SOURCED'), reg('p3', 'SOURCED')], 'NONE', [['p1', 'p3']]],
    [
      'two influenced registrations approved at the same instant competing for one place',
      1,
      [reg('p2', 'INFLUENCED'), reg('p4', 'INFLUENCED')],
      'NONE',
      [['p2', 'p4']],
    ],
    [
      'two influenced registrations approved at the same instant when both have a place',
      2,
      [reg('p2', 'INFLUENCED'), reg('p4', 'INFLUENCED')],
      'PARTNER',
      [],
    ],
    [
      'a tie behind a clear first sourced registration',
      1,
      [reg('p1', 'SOURCED'), reg('p3', 'SOURCED', { decidedAt: at('2026-02-10') }), reg('p4', 'SOURCED', { decidedAt: at('2026-02-10') })],
      'PARTNER',
      [],
    ],
  ] as const)('%s -> %s', (_case, maxInfluencedPartners, registrations, winner, conflictPartners) => {
    const rules = engagementRules({ maxInfluencedPartners, kickers });
    const decision = attributeRevenue(purchase(), [...registrations], rules);
    expect(decision.winner).toBe(winner);
    expect(decision.conflicts.map((c) => c.partnerIds)).toEqual(conflictPartners);
    if (winner === 'NONE') expect(decision.credits).toEqual([]);
  });

  it('explains the conflict so sales ops can act on it', () => {
    const decision = attributeRevenue(purchase(), [reg('p1', 'SOURCED'), reg('p3', 'SOURCED')], engagementRules({ kickers }));
    expect(decision.conflicts[0].reason).toBe(
      'sourced registrations reg-p1-sourced, reg-p3-sourced by partners p1, p3 were approved at the same instant ' +
        '(2026-02-01T00:00:00.000Z) for purchase agr-1 (10000.00 USD) by customer cust-1 on listing lst-1 ' +
        'at 2026-03-15T12:00:00.000Z; sales ops must decide',
    );
  });
});

describe('a sales-ops split decides the customer it names while it is valid', () => {
  const split = (changes: Partial<SplitOverride> = {}): SplitOverride => ({
    id: 'split-1',
    customerId: 'cust-1',
    listingId: 'lst-1',
    validFrom: at('2026-03-01'),
    validUntil: null,
    shares: [
      { partnerId: 'p1', engagement: 'SOURCED', bps: 5000 },
      { partnerId: 'p3', engagement: 'SOURCED', bps: 5000 },
    ],
    reason: 'both brought the customer to the table',
    ...changes,
  });
  const tie = [reg('p1', 'SOURCED'), reg('p3', 'SOURCED')];

  it.each([
    [
      'settles a tie 50/50',
      [split()],
      'PARTNER',
      [
        ['p1', 'SOURCED', 5000, 500_000n],
        ['p3', 'SOURCED', 5000, 500_000n],
      ],
    ],
    [
      'applies to every listing when it names none',
      [split({ listingId: null })],
      'PARTNER',
      [
        ['p1', 'SOURCED', 5000, 500_000n],
        ['p3', 'SOURCED', 5000, 500_000n],
      ],
    ],
    ['does not apply before it is valid', [split({ validFrom: at('2026-04-01') })], 'NONE', []],
    ['does not apply after it ends', [split({ validUntil: at('2026-03-15') })], 'NONE', []],
    ['does not apply to another listing', [split({ listingId: 'lst-2' })], 'NONE', []],
    ['keeps the deal direct when it has no shares', [split({ shares: [] })], 'DIRECT', []],
    [
      'a listing split beats a customer-wide one',
      [split({ id: 'split-2', listingId: null }), split({ shares: [{ partnerId: 'p3', engagement: 'SOURCED', bps: 10000 }] })],
      'PARTNER',
      [['p3', 'SOURCED', 10000, 1_000_000n]],
    ],
  ] as const)('%s', (_case, splitOverrides, winner, expected) => {
    const decision = attributeRevenue(purchase(), tie, engagementRules({ splitOverrides: [...splitOverrides], kickers }));
    expect(decision.winner).toBe(winner);
    expect(lines(decision.credits)).toEqual(expected);
  });

  it("carries sales ops' reason into each credit line", () => {
    const decision = attributeRevenue(purchase(), tie, engagementRules({ splitOverrides: [split()], kickers }));
    expect(decision.credits[0].ruleId).toBe(RULE_IDS.splitOverride);
    expect(decision.credits[0].reason).toContain('both brought the customer to the table: 50% = 5000.00 USD');
  });

  it('refuses a split above 100%', () => {
    const shares = [
      { partnerId: 'p1', engagement: 'SOURCED' as const, bps: 6000 },
      { partnerId: 'p3', engagement: 'INFLUENCED' as const, bps: 5000 },
    ];
    expect(() => engagementRules({ splitOverrides: [split({ shares })] })).toThrow(/split override split-1 add up to 11000 bps/);
  });
});

describe('the decision does not depend on the order registrations are loaded in', () => {
  it('gives the same credits for every ordering', () => {
    const registrations = [
      reg('p1', 'SOURCED', { decidedAt: at('2026-02-03') }),
      reg('p2', 'INFLUENCED', { decidedAt: at('2026-02-01') }),
      reg('p3', 'SOURCED', { decidedAt: at('2026-02-04') }),
      reg('p4', 'INFLUENCED', { decidedAt: at('2026-02-01'), registeredAt: at('2026-01-10') }),
    ];
    const rules = engagementRules({ maxInfluencedPartners: 2, kickers });
    const expected = [
      ['p1', 'SOURCED', 7000, 700_000n],
      ['p4', 'INFLUENCED', 1500, 150_000n],
      ['p2', 'INFLUENCED', 1500, 150_000n],
    ]; // p4 registered first
    for (const order of [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [2, 0, 3, 1],
    ]) {
      expect(
        lines(
          attributeRevenue(
            purchase(),
            order.map((i) => registrations[i]),
            rules,
          ).credits,
        ),
      ).toEqual(expected);
    }
  });
});
