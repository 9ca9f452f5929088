import { Injectable } from '@nestjs/common';
import { PrismaService } from '@bridge/database';

export interface DecisionRow {
  id: string;
  subject_key: string;
  customer_id: string | null;
  listing_id: string | null;
  winner: string;
  reason: string;
  rule_set_version: number | null;
  credits: {
    partnerId: string;
    engagement: string;
    shareBps: number;
    amountMinor: string;
    ruleId: string;
    reason: string;
    kicker?: string;
  }[];
  decided_at: Date;
}

/**
 * Recorded attribution decisions, newest first. A partner's scope holds the
 * decisions that credited it and those about customers it registered: the
 * purchases it may have expected credit for, credited to it or not.
 */
@Injectable()
export class AttributionDecisionRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(scope: string | null, filter: { customerId?: string; limit: number; after?: string }): Promise<DecisionRow[]> {
    const last = filter.after
      ? ((await this.prisma.attributionDecision.findUnique({ where: { id: filter.after }, select: { id: true, decidedAt: true } })) ?? null)
      : null;
    return this.prisma.$queryRaw<DecisionRow[]>`
      SELECT d.id::text, d.subject_key, d.customer_id::text, d.listing_id::text, d.winner, d.reason, d.rule_set_version, d.credits, d.decided_at
        FROM attribution_decision d
       WHERE (${scope}::uuid IS NULL
              OR d.credits @> jsonb_build_array(jsonb_build_object('partnerId', ${scope}::text))
              OR d.customer_id IN (SELECT customer_id FROM deal_registration WHERE partner_id = ${scope}::uuid))
         AND (${filter.customerId ?? null}::uuid IS NULL OR d.customer_id = ${filter.customerId ?? null}::uuid)
         AND (${last?.decidedAt ?? null}::timestamp IS NULL
              OR d.decided_at < ${last?.decidedAt ?? null}::timestamp
              OR (d.decided_at = ${last?.decidedAt ?? null}::timestamp AND d.id > ${last?.id ?? null}::uuid))
       ORDER BY d.decided_at DESC, d.id ASC
       LIMIT ${filter.limit}`;
  }
}
