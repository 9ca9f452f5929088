import type { RegistrationFact, RevenueFact } from '../attribution/attribution.types';

/**
 * Whether a registration protected this revenue at the moment it happened.
 * Judged at occurredAt, not today, so replaying last month's usage gives the
 * same answer as it did live: approved at or before the revenue, not yet
 * expired (expiresAt is exclusive), same customer, and the same listing or
 * all listings. A registration whose status is now EXPIRED still counts for
 * revenue inside its validity if it had been decided (a rejected one would
 * say REJECTED), so a late usage record is not lost when a registration
 * lapses before the record is processed.
 */
export function registrationCovers(registration: RegistrationFact, fact: RevenueFact): boolean {
  const decidedAt = registration.decidedAt;
  const wasApproved = registration.status === 'APPROVED' || registration.status === 'EXPIRED';
  return (
    wasApproved &&
    decidedAt !== null &&
    fact.customerId !== null &&
    registration.customerId === fact.customerId &&
    (registration.listingId === null || registration.listingId === fact.listingId) &&
    decidedAt.getTime() <= fact.occurredAt.getTime() &&
    fact.occurredAt.getTime() < registration.expiresAt.getTime()
  );
}

/**
 * The registrations covering the revenue, earliest approved first (then
 * earliest registered, then id, so the order never depends on input order),
 * keeping each partner's earliest registration per engagement. (That the
 * winning sourcing partner is not also credited as an influencer is decided
 * by the attributor, which knows who won.)
 */
export function coveringRegistrations(fact: RevenueFact, registrations: readonly RegistrationFact[]): RegistrationFact[] {
  const covering = registrations.filter((registration) => registrationCovers(registration, fact)).sort(byApproval);
  const seen = new Set<string>();
  return covering.filter((registration) => {
    const key = JSON.stringify([registration.partnerId, registration.engagement]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function byApproval(a: RegistrationFact, b: RegistrationFact): number {
  return (
    time(a.decidedAt) - time(b.decidedAt) || a.registeredAt.getTime() - b.registeredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

const time = (date: Date | null) => (date === null ? Number.POSITIVE_INFINITY : date.getTime());

/**
 * The first `limit` registrations by approval time. When the cut falls
 * between registrations approved at the same instant, nobody can say who came
 * first: those are returned as tied for sales ops instead of picked by id.
 */
export function firstApproved(
  ordered: readonly RegistrationFact[],
  limit: number,
): { winners: RegistrationFact[]; tied: RegistrationFact[]; later: RegistrationFact[] } {
  if (ordered.length <= limit) return { winners: [...ordered], tied: [], later: [] };
  if (limit === 0) return { winners: [], tied: [], later: [...ordered] };
  const cutTime = time(ordered[limit - 1].decidedAt);
  if (time(ordered[limit].decidedAt) !== cutTime) {
    return { winners: ordered.slice(0, limit), tied: [], later: ordered.slice(limit) };
  }
  const tied = ordered.filter((r) => time(r.decidedAt) === cutTime);
  return {
    winners: ordered.filter((r) => time(r.decidedAt) < cutTime),
    tied,
    later: ordered.filter((r) => time(r.decidedAt) > cutTime),
  };
}
