/** Inbox sources of Azure subscription facts, written by the API and read by the attribution bridge. */
export const AZURE_WEBHOOK_SOURCE = 'azure.marketplace.webhook';
/** A subscription the landing page activated. */
export const AZURE_LANDING_SOURCE = 'azure.marketplace.landing';

/**
 * The subscription an Azure inbox event is about: the landing page stores it
 * at the top; a webhook under `operation` once read back, or as received
 * (`webhook`, a parked one replayed).
 */
export function azureSubscriptionIdOf(payload: unknown): string | null {
  const stored = (payload ?? {}) as {
    subscriptionId?: unknown;
    operation?: { subscriptionId?: unknown };
    webhook?: { subscriptionId?: unknown };
  };
  const id = stored.subscriptionId ?? stored.operation?.subscriptionId ?? stored.webhook?.subscriptionId;
  return typeof id === 'string' && id ? id : null;
}

/** A purchase made: the landing page's activation, or Microsoft's Subscribe webhook when the landing page did not record it. */
export const isAzurePurchase = (source: string, detailType: string): boolean =>
  (source === AZURE_LANDING_SOURCE && detailType === 'Activated') || (source === AZURE_WEBHOOK_SOURCE && detailType === 'Subscribe');
