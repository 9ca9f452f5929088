import { z } from 'zod';
import { parseStoredJson } from '../stored-json';

/**
 * marketplace_event.payload: a message as its intake stored it, understood or
 * not (a parked message is kept as received). The envelope is checked here;
 * what is inside it is the cloud's, checked by the schema of whoever acts on
 * it (EventBridge's, the SaaS fulfillment API's), since a message the product
 * does not yet understand must still be read back to be replayed.
 */
export const marketplaceEventPayloadSchema = z.looseObject({
  /** EventBridge: the event's detail. */
  detail: z.unknown().optional(),
  /** SNS: the notification as posted. */
  envelope: z.looseObject({ Message: z.string().optional(), Timestamp: z.string().optional() }).optional(),
  /** Azure: the webhook body as posted. */
  webhook: z.unknown().optional(),
  /** Azure: the operation the webhook names, read back from the marketplace. */
  operation: z.unknown().optional(),
  /** Azure landing page: the subscription the buyer activated. */
  subscriptionId: z.string().optional(),
});
export type MarketplaceEventPayload = z.infer<typeof marketplaceEventPayloadSchema>;

/** A marketplace_event row with its payload's envelope parsed. */
export function withParsedPayload<T extends { id: string; payload: unknown }>(row: T) {
  return {
    ...row,
    payload: parseStoredJson(marketplaceEventPayloadSchema, row.payload, { table: 'marketplace_event', id: row.id, field: 'payload' }),
  };
}
