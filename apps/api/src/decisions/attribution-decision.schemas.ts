import { z } from 'zod';
import { instant, pageSchema } from '../http/response.schemas';

/** A decision with the rule that made it and the version of the rules of engagement in force. */
export const decisionView = z.object({
  id: z.uuid(),
  subject: z.string(),
  customerId: z.uuid().nullable(),
  listingId: z.uuid().nullable(),
  winner: z.string(),
  reason: z.string(),
  ruleSetVersion: z.number().int().nullable(),
  decidedAt: instant,
  /** To a partner's key only: whether any line credited it. */
  creditedToYou: z.boolean().optional(),
  credits: z.array(
    z.object({
      partnerId: z.uuid(),
      engagement: z.string(),
      shareBps: z.number().int(),
      amountMinor: z.string(),
      ruleId: z.string(),
      kicker: z.string().nullable(),
      reason: z.string(),
    }),
  ),
});
export type DecisionView = z.output<typeof decisionView>;
export const decisionsPage = pageSchema('decisions', decisionView);
