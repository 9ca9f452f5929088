import { purchase } from '../attribution/attribution.fixtures';
import type { SplitOverride } from './engagement-rules.config';
import { splitOverrideFor } from './split-override.rule';

const at = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const override = (id: string, changes: Partial<SplitOverride> = {}): SplitOverride => ({
  id,
  customerId: 'cust-1',
  listingId: 'lst-1',
  validFrom: at('2026-03-01'),
  validUntil: null,
  shares: [{ partnerId: 'p1', engagement: 'SOURCED', bps: 10_000 }],
  reason: id,
  ...changes,
});
const chosen = (overrides: SplitOverride[]) => splitOverrideFor(purchase(), overrides)?.id ?? null;

describe('splitOverrideFor: which sales-ops split applies', () => {
  // Both orders are tried so the test cannot pass by the input order alone.
  it.each([
    ['earlier first', [override('older', { validFrom: at('2026-03-01') }), override('newer', { validFrom: at('2026-03-10') })]],
    ['later first', [override('newer', { validFrom: at('2026-03-10') }), override('older', { validFrom: at('2026-03-01') })]],
  ])('among equally specific splits the latest validFrom wins (%s)', (_order, overrides) => {
    expect(chosen(overrides)).toBe('newer');
  });

  it('the latest customer-wide split wins among customer-wide ones', () => {
    expect(
      chosen([
        override('older', { listingId: null, validFrom: at('2026-02-01') }),
        override('newer', { listingId: null, validFrom: at('2026-03-14') }),
      ]),
    ).toBe('newer');
  });

  it('a listing split beats a later customer-wide one', () => {
    expect(
      chosen([
        override('customer-wide', { listingId: null, validFrom: at('2026-03-14') }),
        override('listing', { validFrom: at('2026-03-01') }),
      ]),
    ).toBe('listing');
  });

  it('a later split that has not started yet does not replace the current one', () => {
    expect(chosen([override('current'), override('future', { validFrom: at('2026-04-01') })])).toBe('current');
  });

  it('a later split that has already ended leaves the earlier one in force', () => {
    expect(chosen([override('open'), override('ended', { validFrom: at('2026-03-10'), validUntil: at('2026-03-12') })])).toBe('open');
  });

  it('no split for a fact without a customer', () => {
    expect(splitOverrideFor(purchase({ customerId: null }), [override('any')])).toBeNull();
  });
});
