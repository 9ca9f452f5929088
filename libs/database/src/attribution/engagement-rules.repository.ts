import { Injectable } from '@nestjs/common';
import { DEFAULT_ENGAGEMENT_RULES, engagementRules, type EngagementRules, type SplitOverride } from '@bridge/domain';
import { PrismaService } from '../prisma.service';
import { rulesOf, sharesOf, type StoredEngagementRules } from './engagement-rules.schema';

/** The rules as saved: the API's request, checked by engagementRulesSchema. */
export type StoredRules = StoredEngagementRules;

export interface CurrentRules {
  /** null while the defaults apply (no version saved yet). */
  version: number | null;
  rules: EngagementRules;
}

/**
 * The rules of engagement in force: the newest saved version (or the
 * defaults) plus the splits sales ops decided for the customers concerned.
 */
@Injectable()
export class EngagementRulesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async current(customerIds: readonly string[] = []): Promise<CurrentRules> {
    const [latest, overrides] = await Promise.all([
      this.prisma.engagementRuleSet.findFirst({ orderBy: { version: 'desc' } }),
      customerIds.length
        ? this.prisma.splitOverride.findMany({ where: { customerId: { in: [...customerIds] } }, orderBy: { createdAt: 'desc' } })
        : [],
    ]);
    const base = latest ? engagementRules(rulesOf(latest)) : DEFAULT_ENGAGEMENT_RULES;
    return {
      version: latest?.version ?? null,
      rules: { ...base, splitOverrides: overrides.map(toSplitOverride) },
    };
  }

  async save(rules: StoredRules, reason: string, actor: string) {
    return this.prisma.engagementRuleSet.create({ data: { rules, reason, createdBy: actor } });
  }
}

function toSplitOverride(row: {
  id: string;
  customerId: string;
  listingId: string | null;
  validFrom: Date;
  validUntil: Date | null;
  shares: unknown;
  reason: string;
}): SplitOverride {
  return {
    id: row.id,
    customerId: row.customerId,
    listingId: row.listingId,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    shares: sharesOf(row),
    reason: row.reason,
  };
}
