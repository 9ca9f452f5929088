import { z } from 'zod';

const awsAccountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

/** The envelope every EventBridge event has. */
export const eventBridgeEnvelopeSchema = z.object({
  version: z.string().optional(),
  id: z.string().min(1).max(128),
  'detail-type': z.string().min(1).max(256),
  source: z.enum(['aws.agreement-marketplace', 'aws.marketplacecatalog', 'aws.marketplace'], {
    message: 'must be aws.agreement-marketplace, aws.marketplacecatalog or aws.marketplace',
  }),
  account: z.string().optional(),
  time: z.iso.datetime({ offset: true }),
  region: z.string().optional(),
  resources: z.array(z.string()).optional(),
  detail: z.record(z.string(), z.unknown()),
});

/**
 * `Purchase Agreement {Created,Amended,Ended} - {Proposer,Manufacturer}`
 * (source aws.agreement-marketplace). `resaleAuthorization` is present for
 * channel offers only: the proposer is then the reseller.
 */
export const purchaseAgreementDetailSchema = z.object({
  agreement: z.object({
    id: z.string().min(1).max(128),
    intent: z.enum(['NEW', 'RENEW', 'REPLACE', 'AMEND']).optional(),
    status: z.string().optional(),
    acceptanceTime: z.iso.datetime({ offset: true }).optional(),
    startTime: z.iso.datetime({ offset: true }).optional(),
    endTime: z.iso.datetime({ offset: true }).optional(),
  }),
  acceptor: z.object({ accountId: awsAccountId }),
  proposer: z.object({ accountId: awsAccountId }),
  offer: z.object({ id: z.string().min(1).max(128) }),
  product: z.object({ id: z.string().min(1).max(128), code: z.string().optional(), title: z.string().optional() }),
  license: z.object({ arn: z.string() }).optional(),
  resaleAuthorization: z.object({ id: z.string().min(1).max(128) }).optional(),
});

export type EventBridgeEnvelope = z.infer<typeof eventBridgeEnvelopeSchema>;
export type PurchaseAgreementDetail = z.infer<typeof purchaseAgreementDetailSchema>;

export const PURCHASE_AGREEMENT_EVENT = /^Purchase Agreement (Created|Amended|Ended) - (Proposer|Manufacturer)$/;

export type PurchaseAgreementChange = 'Created' | 'Amended' | 'Ended';

export function purchaseAgreementChangeOf(detailType: string): PurchaseAgreementChange | null {
  const match = PURCHASE_AGREEMENT_EVENT.exec(detailType);
  return match ? (match[1] as PurchaseAgreementChange) : null;
}
