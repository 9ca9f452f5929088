import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Cloud } from '@bridge/database';
import { PgPool } from '@bridge/postgres';
import { keysetSql, listOrder, orderBySql, pageOf, type KeyValue } from '@bridge/pagination';

/** The overview's commitments card: by customer name, then start, then id (a page at a time, older pages by cursor). */
export const OVERVIEW_COMMITMENTS_ORDER = listOrder('overview-commitments', [
  { field: 'cu.name', direction: 'asc', type: 'string' },
  { field: 'm.starts_at', direction: 'asc', type: 'date' },
  { field: 'm.id', direction: 'asc', type: 'uuid' },
]);

export interface LeaderboardRow {
  partner_id: string;
  name: string;
  persona: string;
  currency: string;
  par_minor: bigint;
  pir_minor: bigint;
  entries: bigint;
}

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

  /**
   * PAR (sourced) and PIR (influenced) per partner and currency, biggest
   * first; kickers are payout, not revenue, so left out. Read from the
   * revenue rollup (a row per partner and currency, kept in step with the
   * ledger by its triggers: see prisma/schema/credit-rollups.prisma), never
   * the ledger. For staff the top rows come from the rollup's index on
   * PAR + PIR (every row tied with the last one kept, so names still break
   * ties), with the few keys that have deltas not folded yet read live.
   */
  leaderboard(scope: string | null, limit = 200): Promise<LeaderboardRow[]> {
    // One partner's rows (its page, a partner's overview): straight on the pool, as cheap as the partner page's other reads.
    if (scope)
      return this.pg.rows<LeaderboardRow>(Prisma.sql`
        SELECT p.id AS partner_id, p.name, p.persona::text AS persona, r.currency, r.par_minor, r.pir_minor, r.lines AS entries
          FROM partner_revenue_live r JOIN partner p ON p.id = r.partner_id
         WHERE r.partner_id = ${scope}::uuid
         ORDER BY r.par_minor + r.pir_minor DESC, p.name, p.id, r.currency
         LIMIT ${limit}`);
    return this.prisma.$queryRaw<LeaderboardRow[]>`
      WITH pending AS (SELECT DISTINCT partner_id, currency FROM partner_credit_rollup_delta WHERE NOT is_kicker),
           ranked AS (
             SELECT t.partner_id, t.currency, t.par_minor, t.pir_minor, t.lines FROM partner_revenue_total t
              WHERE NOT EXISTS (SELECT 1 FROM pending d WHERE d.partner_id = t.partner_id AND d.currency = t.currency)
                AND t.par_minor + t.pir_minor >= COALESCE((
                      SELECT s.par_minor + s.pir_minor FROM partner_revenue_total s
                       WHERE NOT EXISTS (SELECT 1 FROM pending d WHERE d.partner_id = s.partner_id AND d.currency = s.currency)
                       ORDER BY s.par_minor + s.pir_minor DESC OFFSET ${limit - 1} LIMIT 1), -9223372036854775808)
             UNION ALL
             SELECT r.partner_id, r.currency, r.par_minor, r.pir_minor, r.lines
               FROM partner_revenue_live r JOIN pending d ON d.partner_id = r.partner_id AND d.currency = r.currency)
      SELECT p.id AS partner_id, p.name, p.persona::text AS persona, r.currency, r.par_minor, r.pir_minor, r.lines AS entries
        FROM ranked r
        -- Each ranked row's partner by its key (LIMIT keeps the planner from hashing every partner instead).
        JOIN LATERAL (SELECT id, name, persona FROM partner WHERE id = r.partner_id LIMIT 1) p ON TRUE
       ORDER BY r.par_minor + r.pir_minor DESC, p.name, p.id, r.currency
       LIMIT ${limit}`;
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

  /**
   * Private and channel offers per state as shown: a live offer past its
   * expiry counts as EXPIRED (shownOfferState), with no job having expired
   * it. Staff read the pipeline totals (kept in step with offer by their
   * triggers) and move the live offers past expiry (a partial index's few
   * rows) to EXPIRED, never reading every offer; a partner reads its own
   * offers by its index.
   */
  async offerPipeline(scope: string | null, now = new Date()) {
    type Row = { state: string; kind: string; currency: string; offers: number; value: bigint | null };
    const rows = scope
      ? await this.prisma.$queryRaw<Row[]>`
      SELECT CASE WHEN state::text IN ('PUBLISHING', 'PUBLISHED') AND expires_at <= ${now} THEN 'EXPIRED' ELSE state::text END AS state,
             kind::text AS kind, currency, count(*)::int AS offers, SUM(contract_value_minor)::bigint AS value
        FROM offer
       WHERE kind <> 'PUBLIC' AND partner_id = ${scope}::uuid
       GROUP BY 1, 2, 3
       ORDER BY 1, 2, 3`
      : await this.prisma.$queryRaw<Row[]>`
      WITH lapsed AS (
        SELECT state::text AS state, kind::text AS kind, currency, count(*)::bigint AS offers, sum(contract_value_minor)::bigint AS value
          FROM offer
         WHERE state IN ('PUBLISHING', 'PUBLISHED') AND expires_at <= ${now} AND kind <> 'PUBLIC'
         GROUP BY 1, 2, 3)
      SELECT state, kind, currency, sum(offers)::int AS offers, sum(value)::bigint AS value
        FROM (SELECT state::text AS state, kind::text AS kind, currency, offers, contract_value_minor AS value
                FROM offer_pipeline_total_live WHERE kind <> 'PUBLIC'
              UNION ALL SELECT state, kind, currency, -offers, -value FROM lapsed
              UNION ALL SELECT 'EXPIRED', kind, currency, offers, value FROM lapsed) u
       GROUP BY 1, 2, 3
      HAVING sum(offers) <> 0
       ORDER BY 1, 2, 3`;
    return rows.map((r) => ({
      state: r.state,
      kind: r.kind,
      currency: r.currency,
      _count: { _all: r.offers },
      _sum: { contractValueMinor: r.value },
    }));
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
   * One page of commitments with their customer and what is drawn so far
   * (staff only: commitments are sales ops' view), in customer-name order
   * from the customer's (name, id) index: a page costs its rows, not every
   * commitment, and only its rows' drawdowns are summed (the
   * (commitment, drawn) index).
   */
  async commitments(limit: number, after: KeyValue[] | null) {
    const keys = OVERVIEW_COMMITMENTS_ORDER.keys;
    // The first key alone as well, so the customer index's range starts at the cursor's name.
    const fromName = after ? Prisma.sql`cu.name >= ${after[0] as string}` : Prisma.sql`TRUE`;
    const rows = await this.prisma.$queryRaw<
      {
        id: string;
        customer_name: string;
        kind: string;
        cloud: string;
        total_minor: bigint;
        currency: string;
        starts_at: Date;
        ends_at: Date;
        drawn_minor: bigint;
      }[]
    >`
      SELECT p.*, COALESCE((SELECT sum(d.drawn_minor) FROM commitment_drawdown d WHERE d.commitment_id = p.id), 0)::bigint AS drawn_minor
        FROM (SELECT m.id, cu.name AS customer_name, m.kind::text AS kind, m.cloud::text AS cloud, m.total_minor, m.currency, m.starts_at, m.ends_at
                FROM customer cu JOIN commitment m ON m.customer_id = cu.id
               WHERE ${fromName} AND ${keysetSql(keys, after)}
               ${orderBySql(keys)} LIMIT ${limit + 1}) p
       ORDER BY p.customer_name, p.starts_at, p.id`;
    return pageOf(OVERVIEW_COMMITMENTS_ORDER.list, keys, rows, limit, (c) => [c.customer_name, c.starts_at, c.id]);
  }

  customerName(id: string) {
    return this.prisma.customer.findUnique({ where: { id }, select: { name: true } }).then((c) => c?.name ?? null);
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

  /** Marketplace messages kept but not understood: how many, and the newest few. */
  async parkedMessages(limit: number) {
    const [count, latest] = await Promise.all([
      this.prisma.marketplaceEvent.count({ where: { parkedAt: { not: null } } }),
      this.prisma.marketplaceEvent.findMany({
        where: { parkedAt: { not: null } },
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
        take: limit,
        select: { id: true, source: true, detailType: true, receivedAt: true, parkReason: true },
      }),
    ]);
    return { count, latest };
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

  /**
   * Reconciliation items that did not match, newest first (a partial index
   * on the unmatched items), and the totals per status and currency from the
   * item totals kept in step with the items by their triggers (see
   * prisma/schema/reconciliation-rollups.prisma), never a scan of every item.
   */
  async variances(limit: number) {
    const [items, totals] = await Promise.all([
      // The status as a literal: the partial index's predicate is proved from it, never from a bound (and cast) parameter.
      this.prisma.$queryRaw<
        {
          transactionReferenceId: string;
          status: string;
          currency: string;
          expectedNetMinor: bigint;
          disbursedMinor: bigint;
          varianceMinor: bigint;
          explanation: string;
        }[]
      >`
        SELECT transaction_reference_id AS "transactionReferenceId", status::text AS status, currency, expected_net_minor AS "expectedNetMinor",
               disbursed_minor AS "disbursedMinor", variance_minor AS "varianceMinor", explanation
          FROM reconciliation_item WHERE status <> 'MATCHED'
         ORDER BY reconciled_at DESC, transaction_reference_id LIMIT ${limit}`,
      this.prisma.$queryRaw<
        { status: string; currency: string; items: bigint; variance_minor: bigint; expected_net_minor: bigint; disbursed_minor: bigint }[]
      >`
        SELECT status::text AS status, currency, items, variance_minor, expected_net_minor, disbursed_minor
          FROM reconciliation_item_total_live ORDER BY reconciliation_item_total_live.status, currency`,
    ]);
    return {
      items,
      totals: totals.map((t) => ({
        status: t.status,
        currency: t.currency,
        _count: { _all: Number(t.items) },
        _sum: { varianceMinor: t.variance_minor, expectedNetMinor: t.expected_net_minor, disbursedMinor: t.disbursed_minor },
      })),
    };
  }
}
