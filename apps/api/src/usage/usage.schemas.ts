import { z } from 'zod';
import { instant, moneySchema, pageSchema } from '../http/response.schemas';
import { hasControlCharacter } from './usage-record.validator';
import { listOrder, pageQueryFields } from '@bridge/pagination';

export const MAX_RECORDS_PER_REQUEST = 10_000;
/** Printable, no control characters: keys and dimensions go into COPY text and marketplace calls as they are. */
const printable = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !hasControlCharacter(value), 'must not contain control characters');

/**
 * One usage record. The customer is an AWS account id with its licence ARN
 * (the legacy CustomerIdentifier is accepted as an alias), or an Azure SaaS
 * subscription (resource) id.
 */
export const usageRecordSchema = z
  .object({
    idempotencyKey: printable(200),
    customerAwsAccountId: z
      .string()
      .regex(/^\d{12}$/, 'an AWS account id is 12 digits')
      .optional(),
    licenseArn: z.string().startsWith('arn:').max(2048).optional(),
    customerIdentifier: printable(255).optional(),
    azureResourceId: printable(255).optional(),
    dimension: printable(255),
    quantity: z.number().int().min(0).max(2_147_483_647),
    timestamp: z.iso.datetime({ offset: true }),
  })
  .strict()
  .refine(
    (r) =>
      [
        r.customerAwsAccountId !== undefined && r.licenseArn !== undefined,
        r.customerIdentifier !== undefined,
        r.azureResourceId !== undefined,
      ].filter(Boolean).length === 1,
    {
      message: 'name the customer once: customerAwsAccountId with licenseArn, or customerIdentifier, or azureResourceId',
      path: ['customer'],
    },
  );
export type UsageRecordInput = z.infer<typeof usageRecordSchema>;

/** The envelope only: each record is validated on its own so that one bad record does not refuse the others. */
export const postUsageSchema = z.object({ records: z.array(z.unknown()).min(1).max(MAX_RECORDS_PER_REQUEST) }).strict();
export type PostUsageInput = z.infer<typeof postUsageSchema>;

const price = z.string().regex(/^\d{1,14}(\.\d{1,6})?$/, 'a decimal price with at most 6 decimals');

export const registerSubscriptionSchema = z
  .object({
    cloud: z.enum(['AWS', 'AZURE']),
    customerAwsAccountId: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    licenseArn: z.string().startsWith('arn:').max(2048).optional(),
    customerIdentifier: printable(255).optional(),
    azureResourceId: printable(255).optional(),
    azurePlanId: printable(255).optional(),
    /** AWS product code; Azure offer id. */
    productCode: printable(255),
    /** The listing's product id (AWS) when it differs from what productCode finds. */
    productId: printable(255).optional(),
    marketplaceAgreementId: printable(255).optional(),
    startedAt: z.iso.datetime({ offset: true }).optional(),
    reportZeroHours: z.boolean().default(false),
    /** The metered dimensions; unitPrice when the buyer's agreement or private offer has its own price. */
    dimensions: z
      .array(z.object({ key: printable(255), unitPrice: price.optional(), currency: z.string().length(3).optional() }).strict())
      .max(100)
      .default([]),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.cloud === 'AWS' && !(s.customerAwsAccountId && s.licenseArn))
      ctx.addIssue({ code: 'custom', path: ['licenseArn'], message: 'an AWS subscription needs customerAwsAccountId and licenseArn' });
    if (s.cloud === 'AZURE' && !(s.azureResourceId && s.azurePlanId))
      ctx.addIssue({ code: 'custom', path: ['azureResourceId'], message: 'an Azure subscription needs azureResourceId and azurePlanId' });
    for (const [i, d] of s.dimensions.entries())
      if ((d.unitPrice === undefined) !== (d.currency === undefined))
        ctx.addIssue({ code: 'custom', path: ['dimensions', i, 'currency'], message: 'give unitPrice and currency together' });
  });
export type RegisterSubscriptionInput = z.infer<typeof registerSubscriptionSchema>;

/** Newest hour first; the id breaks ties so the order is total (usage_hour (hour, id) index). */
export const USAGE_HOURS_ORDER = listOrder('usage-hours', [
  { field: 'h.hour', direction: 'desc', type: 'date' },
  { field: 'h.id', direction: 'desc', type: 'uuid' },
]);

export const usageHoursQuerySchema = z
  .object({
    subscriptionId: z.string().uuid().optional(),
    customer: z.string().min(1).max(2300).optional(),
    dimension: z.string().min(1).max(255).optional(),
    status: z.enum(['PENDING', 'SENDING', 'ACCEPTED', 'REJECTED', 'UNKNOWN']).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    ...pageQueryFields(USAGE_HOURS_ORDER),
  })
  .strict();
export type UsageHoursQuery = z.infer<typeof usageHoursQuerySchema>;

/** Alerts newest hour first, like the hours themselves (the partial usage_hour_alert_idx on (hour, id)). */
export const USAGE_ALERTS_ORDER = listOrder('usage-alerts', USAGE_HOURS_ORDER.keys);

export const usageAlertsQuerySchema = z.object({ ...pageQueryFields(USAGE_ALERTS_ORDER) }).strict();
export type UsageAlertsQuery = z.infer<typeof usageAlertsQuerySchema>;

export const usageSummaryQuerySchema = z
  .object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() })
  .strict();
export type UsageSummaryQuery = z.infer<typeof usageSummaryQuerySchema>;

export const uuidParam = z.string().uuid();

/** The per-record answer: `statuses[i]` is the fate of `records[i]`; every record not accepted is in `problems` with its reason. */
export const ingestAnswerView = z.object({
  received: z.number().int(),
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  statuses: z.array(z.enum(['ACCEPTED', 'DUPLICATE', 'REJECTED'])),
  problems: z.array(
    z.object({
      index: z.number().int(),
      idempotencyKey: z.string().nullable(),
      status: z.enum(['DUPLICATE', 'REJECTED']),
      reason: z.string(),
    }),
  ),
});

/** A metered subscription: who usage is billed to, and its state. */
export const subscriptionView = z.object({
  id: z.uuid(),
  cloud: z.enum(['AWS', 'AZURE', 'GCP']),
  customer: z.string(),
  customerAwsAccountId: z.string().nullable(),
  licenseArn: z.string().nullable(),
  customerIdentifier: z.string().nullable(),
  azureResourceId: z.string().nullable(),
  azurePlanId: z.string().nullable(),
  productCode: z.string(),
  listingId: z.uuid().nullable(),
  marketplaceAgreementId: z.string().nullable(),
  reportZeroHours: z.boolean(),
  status: z.enum(['ACTIVE', 'SUSPENDED', 'UNSUBSCRIBE_PENDING', 'ENDED']),
  startedAt: instant,
  endingAt: instant.nullable(),
  finalFlushAt: instant.nullable(),
  dimensions: z.array(z.object({ key: z.string(), unitPrice: z.string().nullable(), currency: z.string().nullable() })),
});
export type SubscriptionView = z.output<typeof subscriptionView>;

/** One subscription-dimension-hour: what was received, carried, sent and what the marketplace answered. */
export const usageHourView = z.object({
  id: z.uuid(),
  subscriptionId: z.uuid(),
  cloud: z.string(),
  customer: z.string(),
  productCode: z.string(),
  dimension: z.string(),
  hour: instant,
  status: z.enum(['PENDING', 'REJECTED', 'ACCEPTED', 'SENDING', 'UNKNOWN']),
  reason: z.string().nullable(),
  quantity: z.string(),
  receivedQuantity: z.string(),
  records: z.number().int(),
  carriedIn: z.string(),
  carriedOut: z.string(),
  unbillable: z.string(),
  frozen: z.boolean(),
  unitPrice: z.string().nullable(),
  value: moneySchema.nullable(),
  sendAttempts: z.number().int(),
  meteringRecordId: z.string().nullable(),
  settledAt: instant.nullable(),
});
export const usageHoursPage = pageSchema('hours', usageHourView);
export const usageSummaryView = z.object({
  totals: z.array(z.object({ status: z.string(), hours: z.number().int(), quantity: z.string(), value: moneySchema.nullable() })),
});
/** Hours at risk of missing the marketplace's window (with its deadline) or refused by it. */
export const usageAlertsPage = pageSchema(
  'alerts',
  usageHourView.extend({ kind: z.string(), deadline: instant.optional(), minutesLeft: z.number().int().optional() }),
  { now: instant, windowHours: z.number().int() },
);
