import type { MarketplaceEvent } from '@bridge/database';

/** A parked message as operators see it: what arrived, when, and why the product could not take it. */
export function presentParkedMessage(event: MarketplaceEvent) {
  return {
    id: event.id,
    cloud: event.cloud,
    externalId: event.externalId,
    source: event.source,
    detailType: event.detailType,
    receivedAt: event.receivedAt.toISOString(),
    parkedAt: event.parkedAt?.toISOString() ?? null,
    reason: event.parkReason,
    payload: event.payload,
  };
}
