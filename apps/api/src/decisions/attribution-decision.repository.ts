import { Injectable } from '@nestjs/common';
import { creditLinesOf, PrismaService, type StoredCreditLine } from '@bridge/database';
import { keysetSql, listOrder, orderBySql, type KeyValue } from '@bridge/pagination';

/** Newest first, then by id (an index on decided_at, id serves it). */
export const DECISIONS_ORDER = listOrder('attribution-decisions', [
  { field: 'd.decided_at', direction: 'desc', type: 'date' },
  { field: 'd.id', direction: 'desc', type: 'uuid' },
]);

export interface DecisionRow {
  id: string;
  subject_key: string;
  customer_id: string | null;
  listing_id: string | null;
  winner: string;
  reason: string;
  rule_set_version: number | null;
  credits: StoredCreditLine[];
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

  /** `take` rows after `cursor` in DECISIONS_ORDER (newest first, then id). */
  async list(scope: string | null, filter: { customerId?: string; cursor: KeyValue[] | null; take: number }): Promise<DecisionRow[]> {
    const rows = await this.prisma.$queryRaw<(Omit<DecisionRow, 'credits'> & { credits: unknown })[]>`
      SELECT d.id::text, d.subject_key, d.customer_id::text, d.listing_id::text, d.winner, d.reason, d.rule_set_version, d.credits, d.decided_at
        FROM attribution_decision d
       WHERE (${scope}::uuid IS NULL
              OR d.credits @> jsonb_build_array(jsonb_build_object('partnerId', ${scope}::text))
              OR d.customer_id IN (SELECT customer_id FROM deal_registration WHERE partner_id = ${scope}::uuid))
         AND (${filter.customerId ?? null}::uuid IS NULL OR d.customer_id = ${filter.customerId ?? null}::uuid)
         AND ${keysetSql(DECISIONS_ORDER.keys, filter.cursor)}
       ${orderBySql(DECISIONS_ORDER.keys)}
       LIMIT ${filter.take}`;
    return rows.map((row) => ({ ...row, credits: creditLinesOf(row) }));
  }
}
