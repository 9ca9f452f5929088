import { z } from 'zod';

const base = {
  MessageId: z.string().min(1).max(128),
  TopicArn: z.string().min(1).max(1024),
  Message: z.string().max(262_144),
  Timestamp: z.iso.datetime({ offset: true }),
  SignatureVersion: z.enum(['1', '2'], { message: 'must be 1 (SHA1) or 2 (SHA256)' }),
  Signature: z
    .string()
    .min(1)
    .max(4096)
    .regex(/^[A-Za-z0-9+/=]+$/, 'must be base64'),
  SigningCertURL: z.string().min(1).max(2048),
};

/** The JSON body of an SNS HTTP(S) delivery, per message type. */
export const snsMessageSchema = z.discriminatedUnion('Type', [
  z.object({
    Type: z.literal('Notification'),
    ...base,
    Subject: z.string().max(100).optional(),
    UnsubscribeURL: z.string().max(2048).optional(),
  }),
  z.object({
    Type: z.literal('SubscriptionConfirmation'),
    ...base,
    SubscribeURL: z.string().min(1).max(2048),
    Token: z.string().min(1).max(2048),
  }),
  z.object({
    Type: z.literal('UnsubscribeConfirmation'),
    ...base,
    SubscribeURL: z.string().min(1).max(2048),
    Token: z.string().min(1).max(2048),
  }),
]);
export type SnsMessage = z.infer<typeof snsMessageSchema>;

/**
 * The Message of an AWS Marketplace SaaS subscription or entitlement
 * notification (seller guide, "Amazon SNS notifications for SaaS products"):
 * the action, the legacy customer identifier, the product code, the offer and
 * whether a free trial applies (a string, "true" or "false"). No account id
 * and no licence. Loose: a new field is never a reason to refuse.
 */
export const marketplaceNotificationSchema = z.looseObject({
  action: z.string().min(1).max(64),
  'customer-identifier': z.string().min(1).max(256),
  'product-code': z.string().min(1).max(256),
  'offer-identifier': z.string().max(256).optional(),
  isFreeTrialTermPresent: z.enum(['true', 'false']).optional(),
});
export type MarketplaceNotification = z.infer<typeof marketplaceNotificationSchema>;
