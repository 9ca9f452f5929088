import type { DealRegistration } from '@bridge/database';
import type { RegistrationFact } from '@bridge/domain';

/** A stored deal registration as the attribution rules read it. */
export function toRegistrationFact(r: DealRegistration): RegistrationFact {
  return {
    id: r.id,
    partnerId: r.partnerId,
    customerId: r.customerId,
    listingId: r.listingId,
    engagement: r.engagement,
    status: r.status,
    registeredAt: r.registeredAt,
    decidedAt: r.decidedAt,
    expiresAt: r.expiresAt,
  };
}
