import type { RegistrationFact, RevenueFact } from './attribution.types';

/**
 * Test fixtures for the attribution specs: a USD 10,000.00 purchase by
 * cust-1 of lst-1 on 15 March 2026 at noon, and registrations that cover it
 * (approved 1 February, expiring 1 June) unless a test says otherwise.
 */
export const at = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

export const PURCHASE_TIME = new Date('2026-03-15T12:00:00.000Z');

export function purchase(overrides: Partial<RevenueFact> = {}): RevenueFact {
  return {
    kind: 'PURCHASE',
    cloud: 'AWS',
    sourceRef: 'agr-1',
    customerId: 'cust-1',
    listingId: 'lst-1',
    amountMinor: 1_000_000n,
    currency: 'USD',
    occurredAt: PURCHASE_TIME,
    resellerPartnerId: null,
    ...overrides,
  };
}

export function registration(
  partnerId: string,
  engagement: RegistrationFact['engagement'],
  overrides: Partial<RegistrationFact> = {},
): RegistrationFact {
  return {
    id: `reg-${partnerId}-${engagement.toLowerCase()}`,
    partnerId,
    customerId: 'cust-1',
    listingId: 'lst-1',
    engagement,
    status: 'APPROVED',
    registeredAt: at('2026-01-15'),
    decidedAt: at('2026-02-01'),
    expiresAt: at('2026-06-01'),
    ...overrides,
  };
}

/** Credit lines reduced to what the tables compare: partner, engagement, bps, amount. */
export const lines = (credits: { partnerId: string; engagement: string; shareBps: number; amountMinor: bigint }[]) =>
  credits.map((c) => [c.partnerId, c.engagement, c.shareBps, c.amountMinor]);
