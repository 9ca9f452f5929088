import { z } from 'zod';

/** A marketplace message stored: queued when understood, parked (with the reason) when not. */
export const intakeAnswerView = z.object({
  accepted: z.boolean(),
  eventId: z.uuid(),
  /** The same message was stored before: nothing was done twice. */
  duplicate: z.boolean(),
  /** Set when the message was kept but not understood: an operator replays it once the product learns it. */
  parked: z.string().optional(),
});

/** An SNS message: a notification stored, a subscription confirmed, or an unsubscription noted. */
export const snsAnswerView = z.union([
  intakeAnswerView,
  z.object({ confirmed: z.boolean(), topicArn: z.string() }),
  z.object({ received: z.boolean(), topicArn: z.string() }),
]);

/** An Azure SaaS webhook stored: parked when not understood, else with the operation status it reported. */
export const azureWebhookAnswerView = intakeAnswerView.extend({ status: z.string().optional() });
