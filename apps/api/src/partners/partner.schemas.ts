import { z } from 'zod';

export const cloudAccount = z
  .object({
    cloud: z.enum(['AWS', 'AZURE', 'GCP']),
    accountId: z.string().trim().min(1).max(64),
  })
  .strict()
  .superRefine((account, ctx) => {
    if (account.cloud === 'AWS' && !/^\d{12}$/.test(account.accountId))
      ctx.addIssue({ code: 'custom', path: ['accountId'], message: 'an AWS account id is 12 digits' });
    if (account.cloud === 'AZURE' && !/^[0-9a-f-]{36}$/i.test(account.accountId))
      ctx.addIssue({ code: 'custom', path: ['accountId'], message: 'an Azure tenant id is a GUID' });
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
