import { z } from 'zod';
import { parseStoredJson } from '../stored-json';

/**
 * The JSON columns of the rules of engagement: engagement_rule_set.rules and
 * split_override.shares. Requests are checked with these schemas before a row
 * is written, and rows are parsed with them when read.
 */

const bps = z.number().int().min(0).max(10_000);

/** The split sales ops decided; an empty list keeps the revenue with direct sales. */
export const splitSharesSchema = z
  .array(z.object({ partnerId: z.string().uuid(), engagement: z.enum(['SOURCED', 'INFLUENCED']), bps: bps.min(1) }).strict())
  .max(10)
  .refine((shares) => shares.reduce((sum, s) => sum + s.bps, 0) <= 10_000, 'the shares add up to more than 100% (10000 bps)')
  .refine((shares) => new Set(shares.map((s) => s.partnerId)).size === shares.length, 'a partner appears twice');

export const engagementRulesSchema = z
  .object({
    sourcedAloneBps: bps,
    influencedAloneBps: bps,
    sourcedWithInfluenced: z.object({ sourcedBps: bps, influencedBps: bps }).strict(),
    maxInfluencedPartners: z.number().int().min(0).max(10),
    channelInfluencedBps: bps,
    strategicAccounts: z.enum(['DIRECT', 'PARTNER', 'MANUAL']),
    kickers: z
      .object({
        newLogoBps: bps,
        legacyMigrationBps: bps,
        competencyBonuses: z.array(z.object({ competency: z.string().min(1).max(100), bps }).strict()).max(50),
        engagements: z.array(z.enum(['SOURCED', 'INFLUENCED'])).max(2),
      })
      .strict(),
  })
  .strict();
export type StoredEngagementRules = z.infer<typeof engagementRulesSchema>;

/** A saved version of the rules, as the API took it. */
export function rulesOf(row: { version: number; rules: unknown }): StoredEngagementRules {
  return parseStoredJson(engagementRulesSchema, row.rules, { table: 'engagement_rule_set', id: String(row.version), field: 'rules' });
}

/** A split override's shares, as sales ops decided them. */
export function sharesOf(row: { id: string; shares: unknown }) {
  return parseStoredJson(splitSharesSchema, row.shares, { table: 'split_override', id: row.id, field: 'shares' });
}
