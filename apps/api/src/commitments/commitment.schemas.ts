import { z } from 'zod';
import { listOrder, pageQueryFields } from '@bridge/pagination';
import { instant, moneySchema, pageSchema } from '../http/response.schemas';

const KIND_CLOUD = { EDP: 'AWS', PPA: 'AWS', MACC: 'AZURE', GCP: 'GCP' } as const;

export const createCommitmentSchema = z
  .object({
    customerId: z.string().uuid(),
    kind: z.enum(['EDP', 'PPA', 'MACC', 'GCP']),
    total: z.string().regex(/^\d{1,15}(\.\d{1,4})?$/, 'must be a positive decimal amount such as "5000000.00"'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
      .default('USD'),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    /** Share of the commitment marketplace spend may retire; EDP/PPA default 25%, MACC and GCP 100%. */
    marketplaceCapBps: z.number().int().min(0).max(10_000).optional(),
  })
  .strict()
  .refine((c) => c.endsAt > c.startsAt, { path: ['endsAt'], message: 'must be after startsAt' })
  .transform((c) => ({
    ...c,
    cloud: KIND_CLOUD[c.kind],
    marketplaceCapBps: c.marketplaceCapBps ?? (c.kind === 'EDP' || c.kind === 'PPA' ? 2500 : 10_000),
  }));

export const burndownQuery = z.object({ asOf: z.coerce.date().optional() }).strict();
export const COMMITMENTS_ORDER = listOrder('commitments', [
  { field: 'startsAt', direction: 'desc', type: 'date' },
  { field: 'id', direction: 'desc', type: 'uuid' },
]);

export const listCommitmentsQuery = z
  .object({
    ...pageQueryFields(COMMITMENTS_ORDER),
    customerId: z.string().uuid().optional(),
    cloud: z.enum(['AWS', 'AZURE', 'GCP']).optional(),
  })
  .strict();

export type CreateCommitmentInput = z.infer<typeof createCommitmentSchema>;

const reason = z.string().trim().min(1).max(1000);

/** A correction of the terms; drawdowns already recorded stay as written (the ledger is append-only), later ones follow the new terms. */
export const editCommitmentSchema = z
  .object({
    total: z
      .string()
      .regex(/^\d{1,15}(\.\d{1,4})?$/, 'must be a positive decimal amount such as "5000000.00"')
      .optional(),
    startsAt: z.coerce.date().optional(),
    endsAt: z.coerce.date().optional(),
    marketplaceCapBps: z.number().int().min(0).max(10_000).optional(),
    reason,
  })
  .strict()
  .refine((b) => Object.keys(b).some((k) => k !== 'reason'), {
    path: ['(body)'],
    message: 'change at least one of total, startsAt, endsAt, marketplaceCapBps',
  });

export const closeCommitmentSchema = z
  .object({
    reason,
    /** When it stops retiring spend; now when left out. Never after its end. */
    at: z.coerce.date().optional(),
  })
  .strict();

/** A commitment as the API answers it. */
export const commitmentView = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  cloud: z.string(),
  kind: z.string(),
  total: moneySchema,
  startsAt: instant,
  endsAt: instant,
  marketplaceCapBps: z.number().int(),
  closed: z.object({ at: instant, by: z.string().nullable(), reason: z.string().nullable() }).nullable(),
});
export type CommitmentView = z.output<typeof commitmentView>;
export const commitmentsPage = pageSchema('commitments', commitmentView);

/** Month by month: drawn, remaining, the partner-driven share, the pace needed and the forecast at the end. */
export const burndownView = z.object({
  commitment: commitmentView,
  asOf: instant,
  drawnToDate: moneySchema,
  remaining: moneySchema,
  partnerDriven: moneySchema,
  partnerShareBps: z.number().int(),
  monthsLeft: z.number().int(),
  pacePerMonth: moneySchema,
  forecastAtEnd: moneySchema,
  onTrack: z.boolean(),
  reason: z.string(),
  points: z.array(
    z.object({
      month: z.string().regex(/^\d{4}-\d{2}$/),
      drawn: moneySchema,
      cumulative: moneySchema,
      remaining: moneySchema,
      partnerDrivenCumulative: moneySchema,
    }),
  ),
  drawdowns: z.array(
    z.object({
      invoiceDate: instant,
      drawn: moneySchema,
      eligible: moneySchema,
      partnerId: z.uuid().nullable(),
      agreementId: z.string().nullable(),
      reason: z.string(),
    }),
  ),
});
export type BurndownView = z.output<typeof burndownView>;
