import { agreementCreditAdjustments } from './agreement-credit.converger';
import type { CreditLine } from './attribution.types';

const line = (partnerId: string, shareBps: number, amountMinor: bigint, kicker?: CreditLine['kicker']): CreditLine => ({
  partnerId,
  engagement: 'SOURCED',
  shareBps,
  amountMinor,
  reason: 'original',
  ruleId: kicker ? 'KICKER_NEW_LOGO' : 'REGISTRATION_SOURCED',
  kicker,
});

describe('an agreement credit follows the agreement value', () => {
  it('appends nothing when the value is what was already credited (a redelivered event)', () => {
    expect(agreementCreditAdjustments([line('reseller', 10_000, 1_200_000n)], 1_200_000n, 'USD', 'amended')).toEqual([]);
  });

  it.each([
    ['an upsell from $12,000 to $15,000 adds $3,000', 1_200_000n, 1_500_000n, 300_000n],
    ['a downgrade to $10,000 takes back $2,000', 1_200_000n, 1_000_000n, -200_000n],
    ['a cancellation takes back everything', 1_200_000n, 0n, -1_200_000n],
  ])('%s', (_, credited, value, delta) => {
    const [adjustment] = agreementCreditAdjustments([line('reseller', 10_000, credited)], value, 'USD', 'amended');
    expect(adjustment.amountMinor).toBe(delta);
    expect(adjustment.partnerId).toBe('reseller');
    expect(adjustment.shareBps).toBe(10_000);
  });

  it('keeps a 70/30 split to the cent when the value changes, never above the value', () => {
    const credited = [line('gsi', 7_000, 700_000n), line('boutique', 3_000, 300_000n)];
    const adjustments = agreementCreditAdjustments(credited, 1_000_001n, 'USD', 'amended');
    const after = credited.map((c) => c.amountMinor + (adjustments.find((a) => a.partnerId === c.partnerId)?.amountMinor ?? 0n));
    expect(after[0] + after[1]).toBe(1_000_001n);
    expect(after).toEqual([700_001n, 300_000n]);
  });

  it('moves a kicker at its own share of the new value, on top of the split', () => {
    const credited = [line('gsi', 10_000, 1_000_000n), line('gsi', 500, 50_000n, 'NEW_LOGO')];
    const adjustments = agreementCreditAdjustments(credited, 2_000_000n, 'USD', 'amended');
    expect(adjustments.map((a) => a.amountMinor)).toEqual([1_000_000n, 50_000n]);
  });
});
