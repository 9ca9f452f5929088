import { z } from 'zod';
import { MDF_PERIOD_PATTERN } from '@bridge/domain';
import { listOrder, pageQueryFields } from '@bridge/pagination';
import { instant, moneySchema, pageSchema } from '../http/response.schemas';

const decimal = z.string().regex(/^\d{1,15}(\.\d{1,4})?$/, 'must be a non-negative decimal amount such as "25000.00"');
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD');
const period = z.string().regex(MDF_PERIOD_PATTERN, 'must be a quarter such as "2026-Q4"');
const reason = z.string().trim().min(1).max(1000);

export const createBudgetSchema = z
  .object({
    period,
    tier: z.string().trim().min(1).max(50).optional(),
    partnerId: z.string().uuid().optional(),
    amount: decimal,
    currency: currency.default('USD'),
  })
  .strict()
  .refine((b) => (b.tier === undefined) !== (b.partnerId === undefined), {
    path: ['partnerId'],
    message: 'a budget is for one partner tier or one partner: give exactly one of tier and partnerId',
  });

export const updateBudgetSchema = z.object({ amount: decimal, reason }).strict();

/** Newest quarter first; within a quarter, by id. */
export const MDF_BUDGETS_ORDER = listOrder('mdf-budgets', [
  { field: 'period', direction: 'desc', type: 'string' },
  { field: 'id', direction: 'desc', type: 'uuid' },
]);

export const listBudgetsQuery = z.object({ ...pageQueryFields(MDF_BUDGETS_ORDER), period: period.optional() }).strict();

export const balanceQuery = z.object({ period: period.optional() }).strict();

const activity = {
  kind: z.enum(['EVENT', 'CAMPAIGN', 'WORKSHOP', 'PROOF_OF_CONCEPT']),
  title: z.string().trim().min(1).max(200),
  plan: z.string().trim().min(1).max(10_000),
  targetCustomerIds: z.array(z.string().uuid()).max(200).default([]),
  targetSegment: z.string().trim().min(1).max(500).optional(),
  amount: decimal,
  currency: currency.default('USD'),
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date(),
};

const datesInOrder = (b: { startsAt: Date; endsAt: Date }) => b.endsAt >= b.startsAt;
const targeted = (b: { targetCustomerIds: string[]; targetSegment?: string }) => b.targetCustomerIds.length > 0 || !!b.targetSegment;

export const createRequestSchema = z
  .object({ partnerId: z.string().uuid().optional(), ...activity })
  .strict()
  .refine(datesInOrder, { path: ['endsAt'], message: 'must not be before startsAt' })
  .refine(targeted, { path: ['targetCustomerIds'], message: 'name the target customers or a target segment' })
  .refine((b) => new Set(b.targetCustomerIds).size === b.targetCustomerIds.length, {
    path: ['targetCustomerIds'],
    message: 'a customer appears twice',
  });

export const reviseRequestSchema = createRequestSchema;

export const approveRequestSchema = z
  .object({
    /** Less than requested approves partly; the whole request when left out. */
    amount: decimal.optional(),
    claimDeadline: z.coerce.date().optional(),
    reason: reason.optional(),
  })
  .strict();

export const reasonSchema = z.object({ reason }).strict();

/** Newest first, then by id. */
export const MDF_REQUESTS_ORDER = listOrder('mdf-requests', [
  { field: 'createdAt', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'desc', type: 'uuid' },
]);

export const listRequestsQuery = z
  .object({
    ...pageQueryFields(MDF_REQUESTS_ORDER),
    partnerId: z.string().uuid().optional(),
    period: period.optional(),
    status: z.enum(['SUBMITTED', 'CHANGES_REQUESTED', 'APPROVED', 'REJECTED', 'CLAIMED', 'EXPIRED']).optional(),
  })
  .strict();

export const submitClaimSchema = z
  .object({
    amount: decimal,
    leadsReached: z.number().int().min(0).max(10_000_000),
    customersReached: z.number().int().min(0).max(10_000_000),
    summary: z.string().trim().min(1).max(10_000),
  })
  .strict();

export const approveClaimSchema = z.object({ amount: decimal.optional(), reason: reason.optional() }).strict();

export const payClaimSchema = z.object({ paymentReference: z.string().trim().min(1).max(200) }).strict();

export const attachmentQuery = z
  .object({
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^/\\\0]+$/, 'must be a plain file name')
      .default('proof'),
  })
  .strict();

export const roiQuery = z.object({ period: period.optional(), partnerId: z.string().uuid().optional() }).strict();

export type CreateBudgetInput = z.infer<typeof createBudgetSchema>;
export type CreateRequestInput = z.infer<typeof createRequestSchema>;
export type ListRequestsQuery = z.infer<typeof listRequestsQuery>;
export type RequestsFilter = Pick<ListRequestsQuery, 'partnerId' | 'period' | 'status'>;
export type SubmitClaimInput = z.infer<typeof submitClaimSchema>;

/** A budget with what approved requests hold of it and what is left. */
export const budgetView = z.object({
  id: z.uuid(),
  period: z.string(),
  tier: z.string().nullable(),
  partnerId: z.uuid().nullable(),
  amount: moneySchema,
  held: moneySchema,
  available: moneySchema,
  /** Not shown to a partner's key. */
  createdBy: z.string().optional(),
});
export type BudgetView = z.output<typeof budgetView>;
export const budgetsPage = pageSchema('budgets', budgetView);
export const balanceView = z.object({ partnerId: z.uuid(), period: z.string(), budget: budgetView.nullable() });

export const attachmentView = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.date(),
});

/** A request as people read it: its status derived from the clock, what it holds of its budget now, and its claim. */
export const mdfRequestView = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  budgetId: z.uuid().nullable(),
  period: z.string(),
  kind: z.enum(['EVENT', 'CAMPAIGN', 'WORKSHOP', 'PROOF_OF_CONCEPT']),
  title: z.string(),
  plan: z.string(),
  targetCustomerIds: z.array(z.uuid()),
  targetSegment: z.string().nullable(),
  status: z.string(),
  requested: moneySchema,
  approved: moneySchema.nullable(),
  held: moneySchema,
  startsAt: instant,
  endsAt: instant,
  claimDeadline: instant.nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: instant.nullable(),
  decisionReason: z.string().nullable(),
  createdAt: instant,
  claim: z
    .object({
      id: z.uuid(),
      status: z.enum(['SUBMITTED', 'APPROVED', 'REJECTED', 'PAID']),
      claimed: moneySchema,
      approved: moneySchema.nullable(),
      leadsReached: z.number().int(),
      customersReached: z.number().int(),
      summary: z.string(),
      submittedAt: instant,
      decidedBy: z.string().nullable(),
      decidedAt: instant.nullable(),
      decisionReason: z.string().nullable(),
      paidBy: z.string().nullable(),
      paidAt: instant.nullable(),
      paymentReference: z.string().nullable(),
      attachments: z.array(attachmentView.extend({ uploadedAt: instant })),
    })
    .nullable(),
});
export type MdfRequestView = z.output<typeof mdfRequestView>;
export const mdfRequestsPage = pageSchema('requests', mdfRequestView);

const roiFigures = {
  spent: moneySchema,
  pipeline: moneySchema,
  creditedRevenue: moneySchema,
  /** Credited revenue per MDF dollar spent, as a decimal string; null before anything is spent. */
  revenuePerMdfDollar: z.string().nullable(),
  dealsRegistered: z.number().int(),
};

/** Revenue per MDF dollar per activity, partner and quarter. */
export const roiView = z.object({
  activities: z.array(
    z.object({
      ...roiFigures,
      requestId: z.uuid(),
      partnerId: z.uuid(),
      period: z.string(),
      title: z.string(),
      kind: z.enum(['EVENT', 'CAMPAIGN', 'WORKSHOP', 'PROOF_OF_CONCEPT']),
      startsAt: instant,
      /** Why the activity has no figures yet, if it has none. */
      unmeasured: z.string().nullable(),
    }),
  ),
  byPartner: z.array(z.object({ ...roiFigures, partnerId: z.uuid() })),
  byPeriod: z.array(z.object({ ...roiFigures, period: z.string() })),
});
