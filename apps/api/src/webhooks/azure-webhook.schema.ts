import { z } from 'zod';

/** Azure's subscription and operation ids are GUIDs; anything id-like is accepted, nothing that could break a job id. */
const azureId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an Azure id (letters, digits, dashes; at most 64)');

export const AZURE_WEBHOOK_ACTIONS = ['ChangePlan', 'ChangeQuantity', 'Renew', 'Suspend', 'Unsubscribe', 'Reinstate'] as const;

/** The body of an Azure SaaS webhook call. Microsoft adds fields over time; unknown ones are kept. */
export const azureWebhookSchema = z.looseObject({
  id: azureId,
  activityId: z.string().max(64).optional(),
  subscriptionId: azureId,
  offerId: z.string().max(256).optional(),
  publisherId: z.string().max(256).optional(),
  planId: z.string().max(256).optional(),
  quantity: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
  action: z.enum(AZURE_WEBHOOK_ACTIONS, { message: `must be one of ${AZURE_WEBHOOK_ACTIONS.join(', ')}` }),
  timeStamp: z.string().max(64).optional(),
  status: z.string().max(64).optional(),
  operationRequestSource: z.string().max(64).optional(),
  subscription: z.record(z.string(), z.unknown()).optional(),
  purchaseToken: z.string().max(4096).nullable().optional(),
});
export type AzureWebhook = z.infer<typeof azureWebhookSchema>;
