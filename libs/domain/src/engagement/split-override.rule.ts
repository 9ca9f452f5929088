import type { RevenueFact } from '../attribution/attribution.types';
import type { SplitOverride } from './engagement-rules.config';

/**
 * The sales-ops split that applies to this revenue, if any. A listing-specific
 * split beats a customer-wide one; among equals the most recent validFrom wins,
 * because a later decision replaces an earlier one.
 */
export function splitOverrideFor(fact: RevenueFact, overrides: readonly SplitOverride[]): SplitOverride | null {
  const at = fact.occurredAt.getTime();
  const applicable = overrides.filter(
    (o) =>
      fact.customerId !== null &&
      o.customerId === fact.customerId &&
      (o.listingId === null || o.listingId === fact.listingId) &&
      o.validFrom.getTime() <= at &&
      (o.validUntil === null || at < o.validUntil.getTime()),
  );
  applicable.sort((a, b) => Number(b.listingId !== null) - Number(a.listingId !== null) || b.validFrom.getTime() - a.validFrom.getTime());
  return applicable[0] ?? null;
}
