import { z } from 'zod';
import { listOrder, pageQueryFields } from '@bridge/pagination';

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
