import { z } from 'zod';
import { engagementRulesSchema, splitSharesSchema } from '@bridge/database';
import { listOrder, pageQueryFields } from '@bridge/pagination';

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
