import { z } from 'zod';
import { parseStoredJson } from '../stored-json';

/** One credit line of attribution_decision.credits: the domain's CreditLine with its amount as a string of minor units. */
export const storedCreditLineSchema = z.object({
  partnerId: z.string(),
  engagement: z.enum(['SOURCED', 'INFLUENCED']),
  shareBps: z.number().int(),
  amountMinor: z.string().regex(/^-?\d+$/),
  reason: z.string(),
  ruleId: z.string(),
  kicker: z.enum(['NEW_LOGO', 'LEGACY_MIGRATION', 'COMPETENCY_BONUS']).optional(),
});
export const storedCreditLinesSchema = z.array(storedCreditLineSchema);
export type StoredCreditLine = z.infer<typeof storedCreditLineSchema>;

/** A decision's credit lines, as recorded. */
export function creditLinesOf(row: { id: string; credits: unknown }): StoredCreditLine[] {
  return parseStoredJson(storedCreditLinesSchema, row.credits, { table: 'attribution_decision', id: row.id, field: 'credits' });
}
