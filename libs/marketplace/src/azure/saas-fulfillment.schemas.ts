import { z } from 'zod';

/**
 * Shapes of the SaaS Fulfillment API v2 answers, as learn.microsoft.com shows
 * them ("SaaS fulfillment Subscription APIs v2", "SaaS fulfillment operations
 * APIs v2"). Parsed leniently, as Microsoft asks ("avoid strict
 * deserialization"; fields are added over time), and tolerant of what the
 * pages' own examples do: a quantity written as a string ("20") or empty,
 * a status padded with spaces (" Subscribed ").
 */
const quantity = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === null || value === '') return null;
    const n = typeof value === 'number' ? value : Number(value.trim());
    if (!Number.isInteger(n) || n < 0) {
      ctx.addIssue({ code: 'custom', message: `quantity ${JSON.stringify(value)} is not a whole number` });
      return z.NEVER;
    }
    return n;
  });
const trimmed = z.string().transform((s) => s.trim());
const party = z.looseObject({
  emailId: z.string().optional(),
  objectId: z.string().optional(),
  tenantId: z.string().optional(),
  puid: z.string().optional(),
});

export const saasSubscriptionSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  publisherId: z.string().optional(),
  offerId: z.string().min(1),
  planId: z.string().min(1),
  quantity,
  beneficiary: party.optional(),
  purchaser: party.optional(),
  saasSubscriptionStatus: trimmed,
  term: z
    .looseObject({
      termUnit: z.string().optional(),
      startDate: z.string().optional(),
      endDate: z.string().optional(),
    })
    .optional(),
  autoRenew: z.boolean().optional(),
  isFreeTrial: z.boolean().optional(),
  isTest: z.boolean().optional(),
  allowedCustomerOperations: z.array(z.string()).optional(),
  sandboxType: z.string().optional(),
  sessionMode: z.string().optional(),
  created: z.string().optional(),
});
export type SaasSubscription = z.infer<typeof saasSubscriptionSchema>;

/** `POST /api/saas/subscriptions/resolve`: the subscription the landing page's token stands for. */
export const resolvedSubscriptionSchema = z.looseObject({
  id: z.string().min(1),
  subscriptionName: z.string().optional(),
  offerId: z.string().min(1),
  planId: z.string().min(1),
  quantity,
  subscription: saasSubscriptionSchema,
});
export type ResolvedSubscription = z.infer<typeof resolvedSubscriptionSchema>;

/** An operation as `GET /api/saas/subscriptions/{id}/operations/{opId}` returns it. */
export const saasOperationSchema = z.looseObject({
  id: z.string().min(1),
  activityId: z.string().optional(),
  subscriptionId: z.string().min(1),
  offerId: z.string().optional(),
  publisherId: z.string().optional(),
  planId: z.string().optional(),
  quantity,
  action: trimmed,
  timeStamp: z.string().optional(),
  status: trimmed,
  operationRequestSource: z.string().optional(),
});
export type SaasOperation = z.infer<typeof saasOperationSchema>;
