import { engagementRules } from '../engagement/engagement-rules.config';
import { at, lines, purchase, PURCHASE_TIME, registration as reg } from './attribution.fixtures';
import { RULE_IDS } from './attribution.rule-ids';
import { attributeRevenue } from './revenue.attributor';

const NO_KICKERS = engagementRules({ kickers: { newLogoBps: 0, legacyMigrationBps: 0, competencyBonuses: [], engagements: ['SOURCED'] } });

describe('a registration credits a purchase only if it covered that customer and listing when it happened', () => {
  it.each([
    ['approved before the purchase and unexpired', {}, {}, 'PARTNER'],
    ['approved at the very instant of the purchase', { decidedAt: PURCHASE_TIME }, {}, 'PARTNER'],
    ['approved a day after the purchase', { decidedAt: at('2026-03-16') }, {}, 'DIRECT'],
    ['expiring at the very instant of the purchase', { expiresAt: PURCHASE_TIME }, {}, 'DIRECT'],
    ['expired before the purchase', { expiresAt: at('2026-03-01') }, {}, 'DIRECT'],
    ['still pending', { status: 'PENDING', decidedAt: null }, {}, 'DIRECT'],
    ['rejected', { status: 'REJECTED' }, {}, 'DIRECT'],
    ['approved, now lapsed, but valid when the purchase happened', { status: 'EXPIRED' }, {}, 'PARTNER'],
    ['marked approved with no approval time', { decidedAt: null }, {}, 'DIRECT'],
    ['for another customer', { customerId: 'cust-2' }, {}, 'DIRECT'],
    ['for another listing', { listingId: 'lst-2' }, {}, 'DIRECT'],
    ['for all listings of the customer', { listingId: null }, {}, 'PARTNER'],
    ['on a purchase whose customer is unknown', {}, { customerId: null }, 'DIRECT'],
    ['for one listing, on revenue whose listing is unknown', {}, { listingId: null }, 'DIRECT'],
  ] as const)('a registration %s -> %s', (_case, regChanges, factChanges, winner) => {
    const decision = attributeRevenue(purchase(factChanges), [reg('p1', 'SOURCED', regChanges)], NO_KICKERS);
    expect(decision.winner).toBe(winner);
    expect(decision.credits.length).toBe(winner === 'PARTNER' ? 1 : 0);
  });

  it('says why a purchase stays direct', () => {
    expect(attributeRevenue(purchase(), [], NO_KICKERS).reason).toBe(
      'no approved, unexpired registration covers purchase agr-1 (10000.00 USD) by customer cust-1 on listing lst-1 ' +
        'at 2026-03-15T12:00:00.000Z: direct',
    );
  });
});

describe('sourced beats influenced and the first approved registration wins (default rules, 10,000.00 USD)', () => {
  it.each([
    ['a sourced partner alone takes 100%', [reg('p1', 'SOURCED')], [['p1', 'SOURCED', 10000, 1_000_000n]]],
    ['an influencing partner alone takes 100%', [reg('p2', 'INFLUENCED')], [['p2', 'INFLUENCED', 10000, 1_000_000n]]],
    [
      'sourced and influenced split 70/30',
      [reg('p2', 'INFLUENCED'), reg('p1', 'SOURCED')],
      [
        ['p1', 'SOURCED', 7000, 700_000n],
        ['p2', 'INFLUENCED', 3000, 300_000n],
      ],
    ],
    [
      'of two sourced partners the first approved wins, the later earns nothing',
      [reg('p3', 'SOURCED', { decidedAt: at('2026-02-10') }), reg('p1', 'SOURCED')],
      [['p1', 'SOURCED', 10000, 1_000_000n]],
    ],
    [
      'of two influencing partners the first approved wins',
      [reg('p4', 'INFLUENCED', { decidedAt: at('2026-01-20') }), reg('p2', 'INFLUENCED')],
      [['p4', 'INFLUENCED', 10000, 1_000_000n]],
    ],
    [
      'a partner holding both a sourced and an influenced registration is credited once, as sourcing',
      [reg('p1', 'INFLUENCED'), reg('p1', 'SOURCED', { decidedAt: at('2026-02-20') })],
      [['p1', 'SOURCED', 10000, 1_000_000n]],
    ],
    [
      'a partner whose sourced registration lost still influences with its influenced registration',
      [
        reg('p1', 'SOURCED'),
        reg('p3', 'SOURCED', { decidedAt: at('2026-02-10') }),
        reg('p3', 'INFLUENCED', { decidedAt: at('2026-02-05') }),
      ],
      [
        ['p1', 'SOURCED', 7000, 700_000n],
        ['p3', 'INFLUENCED', 3000, 300_000n],
      ],
    ],
    [
      'a partner with two sourced registrations is credited once',
      [reg('p1', 'SOURCED'), reg('p1', 'SOURCED', { id: 'reg-again', decidedAt: at('2026-03-01') })],
      [['p1', 'SOURCED', 10000, 1_000_000n]],
    ],
  ])('%s', (_rule, registrations, expected) => {
    expect(lines(attributeRevenue(purchase(), registrations, NO_KICKERS).credits)).toEqual(expected);
  });

  it('names the registration that lost, and why', () => {
    const decision = attributeRevenue(
      purchase(),
      [reg('p1', 'SOURCED'), reg('p3', 'SOURCED', { decidedAt: at('2026-02-10') })],
      NO_KICKERS,
    );
    expect(decision.reason).toContain('sourced registration reg-p3-sourced by p3 was approved later and earns nothing');
    expect(decision.credits[0].reason).toContain('100% = 10000.00 USD');
    expect(decision.credits[0].ruleId).toBe(RULE_IDS.sourcedRegistration);
  });
});

describe('several partners split by the configured rule, never above 100%', () => {
  it.each([
    [
      'sourced 60 / influenced 40',
      { sourcedWithInfluenced: { sourcedBps: 6000, influencedBps: 4000 } },
      1_000_000n,
      [reg('p1', 'SOURCED'), reg('p2', 'INFLUENCED')],
      [
        ['p1', 'SOURCED', 6000, 600_000n],
        ['p2', 'INFLUENCED', 4000, 400_000n],
      ],
    ],
    [
      'two influencers share the 30% pool equally',
      { maxInfluencedPartners: 2 },
      1_000_000n,
      [reg('p1', 'SOURCED'), reg('p2', 'INFLUENCED'), reg('p4', 'INFLUENCED', { decidedAt: at('2026-02-02') })],
      [
        ['p1', 'SOURCED', 7000, 700_000n],
        ['p2', 'INFLUENCED', 1500, 150_000n],
        ['p4', 'INFLUENCED', 1500, 150_000n],
      ],
    ],
    [
      'three influencers alone: the earliest approved gets the odd basis point and the odd cent',
      { maxInfluencedPartners: 3 },
      100n,
      [
        reg('p2', 'INFLUENCED'),
        reg('p4', 'INFLUENCED', { decidedAt: at('2026-02-02') }),
        reg('p5', 'INFLUENCED', { decidedAt: at('2026-02-03') }),
      ],
      [
        ['p2', 'INFLUENCED', 3334, 34n],
        ['p4', 'INFLUENCED', 3333, 33n],
        ['p5', 'INFLUENCED', 3333, 33n],
      ],
    ],
    [
      'odd cents: 9.99 split 70/30 is 6.99 + 3.00, exactly 9.99',
      {},
      999n,
      [reg('p1', 'SOURCED'), reg('p2', 'INFLUENCED')],
      [
        ['p1', 'SOURCED', 7000, 699n],
        ['p2', 'INFLUENCED', 3000, 300n],
      ],
    ],
    [
      'a sourced share below 100% leaves the rest with direct sales',
      { sourcedAloneBps: 8000 },
      1_000_000n,
      [reg('p1', 'SOURCED')],
      [['p1', 'SOURCED', 8000, 800_000n]],
    ],
  ])('%s', (_rule, changes, amountMinor, registrations, expected) => {
    const rules = engagementRules({ ...changes, kickers: NO_KICKERS.kickers });
    expect(lines(attributeRevenue(purchase({ amountMinor }), registrations, rules).credits)).toEqual(expected);
  });

  it.each([
    [{ sourcedWithInfluenced: { sourcedBps: 7000, influencedBps: 3001 } }, /10001 bps, more than 100%/],
    [{ sourcedAloneBps: 10_001 }, /more than 100%/],
    [{ maxInfluencedPartners: -1 }, /maxInfluencedPartners/],
  ])('refuses a configuration that could credit more than the revenue: %o', (changes, message) => {
    expect(() => engagementRules(changes)).toThrow(message);
  });
});

describe('a channel offer credits its reseller as the sourcing partner', () => {
  const other = reg('p1', 'SOURCED');
  it.each([
    ['the reseller alone takes 100%', {}, {}, [], [['r1', 'SOURCED', 10000, 1_000_000n]]],
    ["another partner's registration earns nothing by default", {}, {}, [other], [['r1', 'SOURCED', 10000, 1_000_000n]]],
    [
      "with a 10% channel influence share the other partner's registration earns it as influence",
      { channelInfluencedBps: 1000 },
      {},
      [other],
      [
        ['r1', 'SOURCED', 9000, 900_000n],
        ['p1', 'INFLUENCED', 1000, 100_000n],
      ],
    ],
    [
      "the reseller's own registration does not earn it twice",
      { channelInfluencedBps: 1000 },
      {},
      [reg('r1', 'INFLUENCED')],
      [['r1', 'SOURCED', 10000, 1_000_000n]],
    ],
    [
      'a strategic account bought through a reseller still credits the reseller',
      {},
      { customerIsStrategic: true },
      [other],
      [['r1', 'SOURCED', 10000, 1_000_000n]],
    ],
  ])('%s', (_rule, changes, factChanges, registrations, expected) => {
    const rules = engagementRules({ ...changes, kickers: NO_KICKERS.kickers });
    const decision = attributeRevenue(purchase({ resellerPartnerId: 'r1', ...factChanges }), registrations, rules);
    expect(lines(decision.credits)).toEqual(expected);
    expect(decision.credits[0].ruleId).toBe(RULE_IDS.channelReseller);
  });

  it('says that the other registration was passed over', () => {
    const decision = attributeRevenue(purchase({ resellerPartnerId: 'r1' }), [other], NO_KICKERS);
    expect(decision.reason).toBe(
      'channel offer credits reseller r1; registration reg-p1-sourced by p1 earns no share of a channel offer under these rules',
    );
  });
});

describe('strategic (named) accounts stay direct unless the rules say otherwise', () => {
  it.each([
    ['DIRECT', [reg('p1', 'SOURCED')], 'DIRECT', [], []],
    ['DIRECT', [], 'DIRECT', [], []],
    ['PARTNER', [reg('p1', 'SOURCED')], 'PARTNER', [['p1', 'SOURCED', 10000, 1_000_000n]], []],
    ['MANUAL', [reg('p1', 'SOURCED')], 'NONE', [], [['p1']]],
    ['MANUAL', [], 'DIRECT', [], []],
  ] as const)('policy %s with %j -> %s', (policy, registrations, winner, expected, conflictPartners) => {
    const rules = engagementRules({ strategicAccounts: policy, kickers: NO_KICKERS.kickers });
    const decision = attributeRevenue(purchase({ customerIsStrategic: true }), [...registrations], rules);
    expect(decision.winner).toBe(winner);
    expect(lines(decision.credits)).toEqual(expected);
    expect(decision.conflicts.map((c) => c.partnerIds)).toEqual(conflictPartners);
  });

  it('records which claim direct sales overrode', () => {
    const decision = attributeRevenue(purchase({ customerIsStrategic: true }), [reg('p1', 'SOURCED')], NO_KICKERS);
    expect(decision.reason).toContain(
      'strategic account, which the rules keep with direct sales over p1 (sourced registration reg-p1-sourced)',
    );
  });
});
