import { z } from 'zod';

/** Azure's subscription and operation ids are GUIDs; anything id-like is accepted, nothing that could break a job id. */
const azureId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an Azure id (letters, digits, dashes; at most 64)');

/** The actions the product acts on ("Implementing a webhook on the SaaS service"). Others are stored and parked. */
export const AZURE_WEBHOOK_ACTIONS = ['Subscribe', 'ChangePlan', 'ChangeQuantity', 'Renew', 'Suspend', 'Unsubscribe', 'Reinstate'] as const;

/**
 * The body of an Azure SaaS webhook call, parsed leniently as Microsoft asks
 * ("avoid strict deserialization of the webhook schema"): unknown fields are
 * kept, and an unknown action is parked, not refused. Only the ids the
 * operation is read back by are required.
 */
export const azureWebhookSchema = z.looseObject({
  id: azureId,
  subscriptionId: azureId,
  action: z.string().trim().min(1).max(64),
});
export type AzureWebhook = z.infer<typeof azureWebhookSchema>;

export function isKnownAzureAction(action: string): action is (typeof AZURE_WEBHOOK_ACTIONS)[number] {
  return (AZURE_WEBHOOK_ACTIONS as readonly string[]).includes(action);
}
