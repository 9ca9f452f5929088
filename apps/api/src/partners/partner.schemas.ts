import { z } from 'zod';
import { listOrder, pageQueryFields } from '@bridge/pagination';
import { instant, moneySchema, pageSchema } from '../http/response.schemas';

export const cloudAccount = z
  .object({
    cloud: z.enum(['AWS', 'AZURE', 'GCP']),
    accountId: z.string().trim().min(1).max(64),
  })
  .strict()
  .superRefine((account, ctx) => {
    if (account.cloud === 'AWS' && !/^\d{12}$/.test(account.accountId))
      ctx.addIssue({ code: 'custom', path: ['accountId'], message: 'an AWS account id is 12 digits' });
    // A partner sells on Azure under its Partner Center (MPN) id, the id a multiparty private offer names it by.
    if (account.cloud === 'AZURE' && !/^([0-9a-f-]{36}|\d{6,10})$/i.test(account.accountId))
      ctx.addIssue({
        code: 'custom',
        path: ['accountId'],
        message: 'an Azure account is a tenant id (a GUID) or a Partner Center id (digits)',
      });
  });

export const createPartnerSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    persona: z.enum(['ISV', 'GSI', 'RESELLER', 'BOUTIQUE_CONSULTANT']),
    tier: z.string().trim().min(1).max(50).optional(),
    cloudAccounts: z.array(cloudAccount).max(50).default([]),
  })
  .strict();

export const createCustomerSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    strategic: z.boolean().default(false),
    cloudAccounts: z.array(cloudAccount).min(1).max(50),
  })
  .strict();

export type CreatePartnerInput = z.infer<typeof createPartnerSchema>;
export type CreateCustomerInput = z.infer<typeof createCustomerSchema>;

export const addCertificationSchema = z
  .object({
    kind: z.enum(['SALES', 'TECHNICAL']),
    name: z.string().trim().min(1).max(200),
    expiresAt: z.coerce.date(),
  })
  .strict();

export const addCompetencySchema = z.object({ name: z.string().trim().min(1).max(100) }).strict();

export const healthQuery = z
  .object({
    granularity: z.enum(['MONTH', 'QUARTER', 'YEAR']).default('QUARTER'),
    asOf: z.coerce.date().optional(),
  })
  .strict();

/** A calendar month, UTC: the grain of the credit rollups, so a period's totals come from them exactly. */
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month such as 2026-03')
  .transform((m) => new Date(`${m}-01T00:00:00.000Z`));

/** A partner's ledger as it happened: oldest first, lines of one instant in the order they were recorded. */
export const CREDITS_ORDER = listOrder('partner-credits', [
  { field: 'occurredAt', direction: 'asc', type: 'date' },
  { field: 'createdAt', direction: 'asc', type: 'date' },
  { field: 'id', direction: 'asc', type: 'uuid' },
]);

/** The same ledger newest first (the dashboard's partner page), served by the same index read backwards. */
export const CREDITS_NEWEST_FIRST = listOrder(
  'partner-credits-newest-first',
  CREDITS_ORDER.keys.map((key) => ({ ...key, direction: 'desc' as const })),
);
export const newestCreditsQuery = z.object(pageQueryFields(CREDITS_NEWEST_FIRST));

export const creditsQuery = z
  .object({
    ...pageQueryFields(CREDITS_ORDER),
    /** First month of the period (inclusive). */
    from: month.optional(),
    /** Last month of the period (inclusive). */
    to: month.optional(),
    source: z.enum(['PURCHASE', 'AMENDMENT', 'CANCELLATION', 'USAGE', 'REFUND', 'KICKER']).optional(),
    engagement: z.enum(['SOURCED', 'INFLUENCED']).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
      .optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export type CreditsQuery = z.infer<typeof creditsQuery>;

export const PARTNERS_ORDER = listOrder('partners', [
  { field: 'name', direction: 'asc', type: 'string' },
  { field: 'id', direction: 'asc', type: 'uuid' },
]);

export const partnersQuery = z
  .object({
    ...pageQueryFields(PARTNERS_ORDER),
    persona: z.enum(['ISV', 'GSI', 'RESELLER', 'BOUTIQUE_CONSULTANT']).optional(),
  })
  .strict();
export type PartnersQuery = z.infer<typeof partnersQuery>;

const persona = z.enum(['ISV', 'GSI', 'RESELLER', 'BOUTIQUE_CONSULTANT']);

/** A partner with the cloud accounts it sells under. */
export const partnerView = z.object({
  id: z.uuid(),
  name: z.string(),
  persona,
  tier: z.string().nullable(),
  cloudAccounts: z.array(z.object({ cloud: z.enum(['AWS', 'AZURE', 'GCP']), accountId: z.string() })),
  createdAt: z.date(),
});
export const partnersPage = pageSchema('partners', partnerView);

/** One line of a partner's credit ledger. */
export const creditLineView = z.object({
  id: z.uuid(),
  source: z.string(),
  engagement: z.string(),
  shareBps: z.number().int(),
  ...moneySchema.shape,
  reason: z.string(),
  cloud: z.string().nullable(),
  agreementId: z.string().nullable(),
  occurredAt: instant,
  recordedAt: instant,
});
export type CreditLineView = z.output<typeof creditLineView>;

/** A page of the ledger; `totals` cover every line of the filtered period, not just this page. */
export const creditsPage = pageSchema('entries', creditLineView, {
  partnerId: z.uuid(),
  totals: z.array(z.object({ engagement: z.string(), ...moneySchema.shape, lines: z.number().int() })),
});
export type CreditsPage = z.output<typeof creditsPage>;

/** PAR and PIR per period, registration win rate and cycle time, certification coverage, a tier suggestion. */
export const partnerHealthView = z.object({
  partner: z.object({ id: z.uuid(), name: z.string(), tier: z.string().nullable(), persona }),
  asOf: instant,
  revenue: z.array(z.object({ period: z.string(), par: moneySchema, pir: moneySchema })),
  registrations: z.object({
    won: z.number().int(),
    lost: z.number().int(),
    open: z.number().int(),
    winRateBps: z.number().int().nullable(),
    medianCycleHours: z.number().nullable(),
  }),
  certifications: z.object({
    salesValid: z.number().int(),
    technicalValid: z.number().int(),
    covered: z.boolean(),
    nextExpiry: z.date().nullable(),
  }),
  competencies: z.array(z.string()),
  tierSuggestion: z.object({
    tier: z.enum(['REGISTERED', 'SELECT', 'ADVANCED', 'PREMIER']),
    reasons: z.array(z.string()),
    missingForNext: z.array(z.string()),
    currentTier: z.string().nullable(),
  }),
});

export const addedCertificationView = z.object({
  id: z.uuid(),
  partnerId: z.uuid(),
  kind: z.enum(['SALES', 'TECHNICAL']),
  name: z.string(),
  expiresAt: z.date(),
  createdAt: z.date(),
});
export const addedCompetencyView = z.object({ id: z.uuid(), partnerId: z.uuid(), name: z.string(), createdAt: z.date() });
