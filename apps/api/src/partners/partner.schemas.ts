import { z } from 'zod';
import { listOrder, pageQueryFields } from '@bridge/pagination';

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
