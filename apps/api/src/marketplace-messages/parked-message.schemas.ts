import { z } from 'zod';
import { instant, jsonValue, pageSchema } from '../http/response.schemas';

/** A parked message: what arrived, when, and why the product could not take it. */
export const parkedMessageView = z.object({
  id: z.uuid(),
  cloud: z.enum(['AWS', 'AZURE', 'GCP']),
  externalId: z.string(),
  source: z.string(),
  detailType: z.string(),
  receivedAt: instant,
  parkedAt: instant.nullable(),
  reason: z.string().nullable(),
  payload: jsonValue,
});
export type ParkedMessageView = z.output<typeof parkedMessageView>;
export const parkedMessagesPage = pageSchema('messages', parkedMessageView);
export const replayedView = z.object({ id: z.uuid(), replayed: z.literal(true) });
