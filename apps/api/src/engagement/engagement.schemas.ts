import { z } from 'zod';
import { engagementRulesSchema, splitSharesSchema } from '@bridge/database';
import { listOrder, pageQueryFields } from '@bridge/pagination';
import { pageSchema } from '../http/response.schemas';

export const resolveConflictSchema = z
  .object({
    /** The split sales ops decided; an empty list keeps the revenue with direct sales. */
    shares: splitSharesSchema,
    reason: z.string().trim().min(1).max(1000),
    /** From when the split applies; defaults to the start of time so held purchases are settled too. */
    validFrom: z.coerce.date().optional(),
  })
  .strict();

export const saveRulesSchema = z.object({ rules: engagementRulesSchema, reason: z.string().trim().min(1).max(1000) }).strict();

export const CONFLICTS_ORDER = listOrder('conflicts', [
  { field: 'createdAt', direction: 'asc', type: 'date' },
  { field: 'id', direction: 'asc', type: 'uuid' },
]);

export const listConflictsQuery = z
  .object({ ...pageQueryFields(CONFLICTS_ORDER), status: z.enum(['OPEN', 'RESOLVED']).optional() })
  .strict();

/** The rules in force and their version (null before any was saved: the defaults). */
export const engagementRulesView = z.object({ version: z.number().int().nullable(), rules: engagementRulesSchema });
export const savedRulesView = z.object({ version: z.number().int(), rules: engagementRulesSchema });

/** A purchase the rules of engagement left to sales ops. */
export const conflictView = z.object({
  id: z.uuid(),
  conflictKey: z.string(),
  subjectKey: z.string().nullable(),
  customerId: z.uuid().nullable(),
  listingId: z.uuid().nullable(),
  partnerIds: z.array(z.uuid()),
  reason: z.string(),
  status: z.enum(['OPEN', 'RESOLVED']),
  resolution: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.date().nullable(),
  createdAt: z.date(),
});
export const conflictsPage = pageSchema('conflicts', conflictView);

/** The split decided, and how many agreements were credited again under it. */
export const settledConflictView = z.object({
  id: z.uuid(),
  status: z.string(),
  shares: z.array(z.object({ partnerId: z.uuid(), engagement: z.enum(['SOURCED', 'INFLUENCED']), bps: z.number().int() })),
  recreditedAgreements: z.number().int(),
});
