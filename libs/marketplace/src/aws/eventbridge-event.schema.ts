import { z } from 'zod';

/**
 * The envelope every EventBridge event has (EventBridge User Guide, "Amazon
 * EventBridge events"). Loose on purpose: AWS adds fields, and a new optional
 * field must never be a reason to refuse an event an API destination will not
 * send again.
 */
export const eventBridgeEnvelopeSchema = z.looseObject({
  version: z.string().optional(),
  id: z.string().min(1).max(128),
  'detail-type': z.string().min(1).max(256),
  source: z.string().min(1).max(256),
  account: z.string().optional(),
  time: z.string().optional(),
  region: z.string().optional(),
  resources: z.array(z.string()).optional(),
  detail: z.record(z.string(), z.unknown()),
});

/**
 * `Purchase Agreement {Created,Amended,Ended} - {Proposer,Manufacturer}`
 * (source aws.agreement-marketplace; seller guide, "Amazon EventBridge
 * events", "Events for agreements"). The event is only a signal that an
 * agreement changed: the documented Created and Amended copies name the
 * agreement, its parties and offer but no product or licence, and the Ended
 * copies carry only the agreement's id and status. Every fact the product
 * acts on is read back with DescribeAgreement, so only the id is required.
 */
export const agreementSignalSchema = z.looseObject({
  agreement: z.looseObject({
    id: z.string().min(1).max(128),
    status: z.string().max(64).optional(),
    intent: z.string().max(64).optional(),
  }),
  // A direct offer documents {"id": null}; kept only as a hint for a channel
  // sale that DescribeAgreement has already confirmed (see agreement credit).
  resaleAuthorization: z
    .looseObject({ id: z.string().min(1).max(128).nullable().optional() })
    .nullable()
    .optional(),
});
export type AgreementSignal = z.infer<typeof agreementSignalSchema>;

/**
 * `License Updated - Manufacturer` / `License Deprovisioned - Manufacturer`
 * (seller guide, "Events for licenses"): where a SaaS customer's licence, and
 * so the key metering needs, comes from.
 */
export const licenseEventDetailSchema = z.looseObject({
  product: z.looseObject({ id: z.string().min(1).max(128).optional(), code: z.string().min(1).max(255) }),
  // Printed as `aws:license-manager:<region>:<account>:l-…`, not in the `arn:` form ResolveCustomer answers.
  license: z.looseObject({ arn: z.string().min(1).max(2048) }),
  acceptor: z.looseObject({ accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id') }),
  agreement: z.looseObject({ id: z.string().min(1).max(128) }).optional(),
});
export type LicenseEventDetail = z.infer<typeof licenseEventDetailSchema>;

export type EventBridgeEnvelope = z.infer<typeof eventBridgeEnvelopeSchema>;

export const AGREEMENT_SOURCE_NAME = 'aws.agreement-marketplace';
export const CATALOG_SOURCE_NAME = 'aws.marketplacecatalog';

export const PURCHASE_AGREEMENT_EVENT = /^Purchase Agreement (Created|Amended|Ended) - (Proposer|Manufacturer)$/;
export const LICENSE_EVENT = /^License (Updated|Deprovisioned) - Manufacturer$/;

export type PurchaseAgreementChange = 'Created' | 'Amended' | 'Ended';
export type LicenseChange = 'Updated' | 'Deprovisioned';

export function purchaseAgreementChangeOf(detailType: string): PurchaseAgreementChange | null {
  const match = PURCHASE_AGREEMENT_EVENT.exec(detailType);
  return match ? (match[1] as PurchaseAgreementChange) : null;
}

export function licenseChangeOf(detailType: string): LicenseChange | null {
  const match = LICENSE_EVENT.exec(detailType);
  return match ? (match[1] as LicenseChange) : null;
}
