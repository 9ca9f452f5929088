import fc from 'fast-check';
import { engagementRules } from '../engagement/engagement-rules.config';
import { purchase, registration as reg } from './attribution.fixtures';
import type { RegistrationFact } from './attribution.types';
import { reverseCredits } from './credit.reverser';
import { attributeRevenue } from './revenue.attributor';

const amounts = (credits: { amountMinor: bigint }[]) => credits.map((c) => c.amountMinor);
const rules = engagementRules({ maxInfluencedPartners: 2 });
const threeWay = [reg('p1', 'SOURCED'), reg('p2', 'INFLUENCED'), reg('p4', 'INFLUENCED')];

describe('a cancellation or refund takes back credit with the original split', () => {
  it.each([
    // original 9.99 USD, new logo: p1 70% = 6.99, p2 15% = 1.50, p4 15% = 1.50, kicker 5% of 9.99 = 0.4995 -> 0.50
    ['a full refund mirrors the original to the cent', 999n, -999n, [-699n, -150n, -150n, -50n]],
    // half of it: 5.00 -> 3.50 / 0.75 / 0.75, kicker 0.25
    ['a partial refund splits by the same shares', 999n, -500n, [-350n, -75n, -75n, -25n]],
    // 0.01: the single cent goes to the largest share; the kicker rounds to nothing
    ['a one-cent refund', 999n, -1n, [-1n, 0n, 0n, 0n]],
  ])('%s', (_rule, originalMinor, refundMinor, expected) => {
    const original = attributeRevenue(purchase({ amountMinor: originalMinor, isNewLogo: true }), threeWay, rules);
    expect(amounts(original.credits)).toEqual([699n, 150n, 150n, 50n]);
    const reversal = reverseCredits(original.credits, refundMinor, 'refund of agr-1');
    expect(amounts(reversal)).toEqual(expected);
    expect(reversal.map((c) => [c.partnerId, c.engagement, c.shareBps, c.kicker])).toEqual(
      original.credits.map((c) => [c.partnerId, c.engagement, c.shareBps, c.kicker]),
    );
  });

  it('follows the original decision even after the registration has expired', () => {
    const original = attributeRevenue(purchase(), [reg('p1', 'SOURCED')], rules);
    const reversal = reverseCredits(original.credits, -1_000_000n, 'cancellation of agr-1');
    expect(reversal).toEqual([expect.objectContaining({ partnerId: 'p1', amountMinor: -1_000_000n, ruleId: original.credits[0].ruleId })]);
    expect(reversal[0].reason).toMatch(/^cancellation of agr-1: takes back 100% as originally credited \(sourced registration/);
  });

  it('refuses to attribute a negative fact afresh, so a refund can never follow different rules', () => {
    expect(() => attributeRevenue(purchase({ kind: 'REFUND', amountMinor: -100n }), [], rules)).toThrow(/reverseCredits/);
  });

  it('refuses a positive reversal amount', () => {
    expect(() => reverseCredits([], 100n)).toThrow(/negative or zero/);
  });
});

describe('whatever the registrations, the revenue split never exceeds the revenue', () => {
  const registrationArb = fc.record({
    partner: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
    engagement: fc.constantFrom('SOURCED' as const, 'INFLUENCED' as const),
    day: fc.integer({ min: 1, max: 28 }),
  });
  it('holds for random registrations, amounts and rules', () => {
    fc.assert(
      fc.property(
        fc.array(registrationArb, { maxLength: 6 }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 10_000 }),
        (regs, amountMinor, maxInfluencedPartners, sourcedBps) => {
          const registrations: RegistrationFact[] = regs.map((r, i) =>
            reg(r.partner, r.engagement, { id: `r${i}`, decidedAt: new Date(Date.UTC(2026, 1, r.day)) }),
          );
          const custom = engagementRules({
            maxInfluencedPartners,
            sourcedWithInfluenced: { sourcedBps, influencedBps: 10_000 - sourcedBps },
          });
          const decision = attributeRevenue(purchase({ amountMinor }), registrations, custom);
          const split = decision.credits.filter((c) => !c.kicker);
          expect(split.reduce((s, c) => s + c.shareBps, 0)).toBeLessThanOrEqual(10_000);
          expect(split.reduce((s, c) => s + c.amountMinor, 0n)).toBeLessThanOrEqual(amountMinor);
          expect(new Set(split.map((c) => c.partnerId)).size).toBe(split.length);
          if (decision.winner === 'PARTNER' && split.reduce((s, c) => s + c.shareBps, 0) === 10_000) {
            expect(split.reduce((s, c) => s + c.amountMinor, 0n)).toBe(amountMinor);
          }
        },
      ),
    );
  });
});

describe('a reversal, whatever the registrations and amounts', () => {
  const registrationsArb = fc
    .array(
      fc.record({
        partner: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
        engagement: fc.constantFrom('SOURCED' as const, 'INFLUENCED' as const),
        day: fc.integer({ min: 1, max: 28 }),
      }),
      { maxLength: 5 },
    )
    .map((regs) => regs.map((r, i) => reg(r.partner, r.engagement, { id: `r${i}`, decidedAt: new Date(Date.UTC(2026, 1, r.day)) })));
  const decisionArb = fc
    .tuple(registrationsArb, fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.boolean(), fc.boolean())
    .map(([registrations, amountMinor, isNewLogo, isLegacyMigration]) => ({
      amountMinor,
      original: attributeRevenue(purchase({ amountMinor, isNewLogo, isLegacyMigration }), registrations, rules).credits,
    }));
  const who = (lines: { partnerId: string; engagement: string; shareBps: number; kicker?: string; ruleId: string }[]) =>
    lines.map((c) => [c.partnerId, c.engagement, c.shareBps, c.kicker, c.ruleId]);

  it('of the whole purchase mirrors every original line to the cent, kickers included', () => {
    fc.assert(
      fc.property(decisionArb, ({ amountMinor, original }) => {
        const reversal = reverseCredits(original, -amountMinor);
        expect(who(reversal)).toEqual(who(original));
        expect(amounts(reversal)).toEqual(amounts(original).map((a) => -a));
      }),
    );
  });

  it('of part of it splits by the same shares, each line within a cent of exact and the split adding up', () => {
    fc.assert(
      fc.property(decisionArb, fc.double({ min: 0, max: 1, noNaN: true }), ({ amountMinor, original }, fraction) => {
        const refund = -BigInt(Math.floor(Number(amountMinor) * fraction));
        const reversal = reverseCredits(original, refund);
        expect(who(reversal)).toEqual(who(original));
        const split = reversal.filter((c) => c.kicker === undefined);
        const splitBps = split.reduce((s, c) => s + c.shareBps, 0);
        if (splitBps === 10_000) expect(split.reduce((s, c) => s + c.amountMinor, 0n)).toBe(refund);
        for (const line of reversal) {
          const off = line.amountMinor * 10_000n - refund * BigInt(line.shareBps);
          expect(off < 0n ? -off : off).toBeLessThan(10_000n);
          expect(line.amountMinor <= 0n).toBe(true);
        }
      }),
    );
  });
});
