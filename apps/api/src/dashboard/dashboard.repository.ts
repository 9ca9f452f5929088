import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Cloud } from '@bridge/database';
import { PgPool } from '@bridge/postgres';
import { leaderboardSql, type LeaderboardRow } from './overview-cards.sql';

/** An unmatched item as the variances export writes it. */
export interface VarianceRow {
  cloud: Cloud;
  transactionReferenceId: string;
  status: string;
  marketplaceAgreementId: string | null;
  endUserAccountId: string | null;
  productId: string | null;
  expectedGrossMinor: bigint;
  feeBps: number;
  expectedNetMinor: bigint;
  collectedNetMinor: bigint;
  disbursedMinor: bigint;
  varianceMinor: bigint;
  currency: string;
  explanation: string;
}

/**
 * Read-only aggregates for the dashboard. Partner-owned data takes the
 * caller's scope (a partner id, or null for staff) like every repository.
 */
@Injectable()
export class DashboardRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pg: PgPool,
  ) {}

  /** PAR (sourced) and PIR (influenced) per partner and currency, biggest first (see leaderboardSql). */
  leaderboard(scope: string | null, limit = 200): Promise<LeaderboardRow[]> {
    return this.pg.rows<LeaderboardRow>(leaderboardSql(scope, limit));
  }

  /**
   * Every leaderboard row (the CSV export), a batch at a time in partner
   * order, so no export is held whole. A batch reads the next `batch` rollup
   * rows by its key's index and every delta after the cursor (a few rows):
   * the first `batch` keys of the two together are exact, and no batch
   * aggregates the whole rollup.
   */
  async *allLeaderboardRows(scope: string | null, batch = 2000): AsyncIterable<LeaderboardRow[]> {
    let after: [string, string] | null = null;
    for (;;) {
      const scoped = scope ? Prisma.sql`AND partner_id = ${scope}::uuid` : Prisma.empty;
      const from = after ? Prisma.sql`AND (partner_id, currency) > (${after[0]}::uuid, ${after[1]})` : Prisma.empty;
      const rows: LeaderboardRow[] = await this.prisma.$queryRaw<LeaderboardRow[]>`
        SELECT p.id AS partner_id, p.name, p.persona::text AS persona, r.currency, r.par_minor, r.pir_minor, r.lines AS entries
          FROM (SELECT partner_id, currency, sum(par_minor)::bigint AS par_minor, sum(pir_minor)::bigint AS pir_minor, sum(lines)::bigint AS lines
                  FROM ((SELECT partner_id, currency, par_minor, pir_minor, lines FROM partner_revenue_total
                          WHERE TRUE ${scoped} ${from} ORDER BY partner_id, currency LIMIT ${batch})
                        UNION ALL
                        SELECT partner_id, currency, CASE WHEN engagement = 'SOURCED' THEN amount_minor ELSE 0 END,
                               CASE WHEN engagement = 'INFLUENCED' THEN amount_minor ELSE 0 END, lines
                          FROM partner_credit_rollup_delta WHERE NOT is_kicker ${scoped} ${from}) u
                 GROUP BY partner_id, currency ORDER BY partner_id, currency LIMIT ${batch}) r
          JOIN partner p ON p.id = r.partner_id
         ORDER BY r.partner_id, r.currency`;
      if (rows.length) yield rows;
      if (rows.length < batch) return;
      const last = rows[rows.length - 1]!;
      after = [last.partner_id, last.currency];
    }
  }

  partners(scope: string | null) {
    return this.prisma.partner.findMany({
      where: scope ? { id: scope } : {},
      select: { id: true, name: true, persona: true },
      orderBy: { name: 'asc' },
    });
  }

  offers(scope: string | null) {
    return this.prisma.offer.findMany({
      where: { ...(scope ? { partnerId: scope } : {}), kind: { not: 'PUBLIC' } },
      include: { partner: { select: { name: true } }, listing: { select: { title: true } } },
      orderBy: { createdAt: 'desc' },
      take: 5000,
    });
  }

  /**
   * A deal registration with who registered it, for whom and what, and the
   * Azure plans whose marketplace terms were accepted under it (oldest
   * first); null when the caller's scope does not reach it.
   */
  dealRegistration(scope: string | null, id: string) {
    return this.prisma.dealRegistration.findFirst({
      where: { id, ...(scope ? { partnerId: scope } : {}) },
      include: {
        partner: { select: { id: true, name: true } },
        customer: { select: { name: true } },
        listing: { select: { cloud: true, productId: true, title: true } },
        marketplaceTerms: { orderBy: [{ acceptedAt: 'asc' }, { id: 'asc' }] },
      },
    });
  }

  partnerNames(ids: string[]) {
    return this.prisma.partner.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  }

  /**
   * Every item that did not match, a batch at a time (the variances export),
   * in the items' key order (cloud, transaction reference): a key exact to
   * the byte, where the microsecond reconciled_at would not survive a
   * JavaScript Date between batches. No export is held whole.
   */
  async *allVariances(batch = 1000) {
    let after: { cloud: Cloud; transactionReferenceId: string } | null = null;
    for (;;) {
      const rows: Awaited<ReturnType<typeof this.varianceBatch>> = await this.varianceBatch(after, batch);
      if (rows.length) yield rows;
      if (rows.length < batch) return;
      const last = rows[rows.length - 1]!;
      after = { cloud: last.cloud, transactionReferenceId: last.transactionReferenceId };
    }
  }

  private varianceBatch(after: { cloud: Cloud; transactionReferenceId: string } | null, batch: number) {
    const from = after
      ? Prisma.sql`AND (cloud, transaction_reference_id) > (${after.cloud}::"Cloud", ${after.transactionReferenceId})`
      : Prisma.empty;
    return this.prisma.$queryRaw<VarianceRow[]>`
      SELECT cloud, transaction_reference_id AS "transactionReferenceId", status::text AS status, marketplace_agreement_id AS "marketplaceAgreementId",
             end_user_account_id AS "endUserAccountId", product_id AS "productId", expected_gross_minor AS "expectedGrossMinor", fee_bps AS "feeBps",
             expected_net_minor AS "expectedNetMinor", collected_net_minor AS "collectedNetMinor", disbursed_minor AS "disbursedMinor",
             variance_minor AS "varianceMinor", currency, explanation
        FROM reconciliation_item WHERE status <> 'MATCHED' ${from}
       ORDER BY cloud, transaction_reference_id LIMIT ${batch}`;
  }
}
