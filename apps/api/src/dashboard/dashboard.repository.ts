import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@bridge/database';

export interface LeaderboardRow {
  partner_id: string;
  name: string;
  persona: string;
  currency: string;
  par_minor: bigint;
  pir_minor: bigint;
  entries: bigint;
}

/**
 * Read-only aggregates for the dashboard. Partner-owned data takes the
 * caller's scope (a partner id, or null for staff) like every repository.
 */
@Injectable()
export class DashboardRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * PAR (sourced) and PIR (influenced) per partner and currency, biggest
   * first; kickers are payout, not revenue, so left out. Read from the
   * revenue rollup (a row per partner and currency, kept in step with the
   * ledger by its triggers: see prisma/schema/credit-rollups.prisma), never
   * the ledger.
   */
  leaderboard(scope: string | null, limit = 200): Promise<LeaderboardRow[]> {
    const where = scope ? Prisma.sql`WHERE r.partner_id = ${scope}::uuid` : Prisma.empty;
    return this.prisma.$queryRaw<LeaderboardRow[]>`
      SELECT p.id AS partner_id, p.name, p.persona::text AS persona, r.currency, r.par_minor, r.pir_minor, r.lines AS entries
        FROM partner_revenue_live r JOIN partner p ON p.id = r.partner_id
       ${where}
       ORDER BY r.par_minor + r.pir_minor DESC, p.name, p.id, r.currency
       LIMIT ${limit}`;
  }

  /** Every leaderboard row (the CSV export), a batch at a time in partner order, so no export is held whole. */
  async *allLeaderboardRows(scope: string | null, batch = 2000): AsyncIterable<LeaderboardRow[]> {
    let after: [string, string] | null = null;
    for (;;) {
      const scoped = scope ? Prisma.sql`AND r.partner_id = ${scope}::uuid` : Prisma.empty;
      const from = after ? Prisma.sql`AND (r.partner_id, r.currency) > (${after[0]}::uuid, ${after[1]})` : Prisma.empty;
      const rows: LeaderboardRow[] = await this.prisma.$queryRaw<LeaderboardRow[]>`
        SELECT p.id AS partner_id, p.name, p.persona::text AS persona, r.currency, r.par_minor, r.pir_minor, r.lines AS entries
          FROM partner_revenue_live r JOIN partner p ON p.id = r.partner_id
         WHERE TRUE ${scoped} ${from}
         ORDER BY r.partner_id, r.currency
         LIMIT ${batch}`;
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

  /** Private and channel offers by state: how many and what they are worth. */
  /** Offers per state as shown: a live offer past its expiry counts as EXPIRED (shownOfferState), with no job having expired it. */
  async offerPipeline(scope: string | null, now = new Date()) {
    const rows = await this.prisma.$queryRaw<{ state: string; kind: string; currency: string; offers: number; value: bigint | null }[]>`
      SELECT CASE WHEN state::text IN ('PUBLISHING', 'PUBLISHED') AND expires_at <= ${now} THEN 'EXPIRED' ELSE state::text END AS state,
             kind::text AS kind, currency, count(*)::int AS offers, SUM(contract_value_minor)::bigint AS value
        FROM offer
       WHERE kind <> 'PUBLIC' AND (${scope}::uuid IS NULL OR partner_id = ${scope}::uuid)
       GROUP BY 1, 2, 3
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

  /** Commitments with their customer and what is drawn so far (staff only: commitments are sales ops' view). */
  commitments() {
    return this.prisma.$queryRaw<
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
      SELECT m.id, cu.name AS customer_name, m.kind::text AS kind, m.cloud::text AS cloud, m.total_minor, m.currency, m.starts_at, m.ends_at,
             COALESCE((SELECT sum(d.drawn_minor) FROM commitment_drawdown d WHERE d.commitment_id = m.id), 0)::bigint AS drawn_minor
        FROM commitment m JOIN customer cu ON cu.id = m.customer_id
       ORDER BY cu.name, m.starts_at
       LIMIT 500`;
  }

  customerName(id: string) {
    return this.prisma.customer.findUnique({ where: { id }, select: { name: true } }).then((c) => c?.name ?? null);
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

  /** Reconciliation items that did not match, newest first, and the totals per status. */
  async variances(limit: number) {
    const [items, totals] = await Promise.all([
      this.prisma.reconciliationItem.findMany({
        where: { status: { not: 'MATCHED' } },
        orderBy: [{ reconciledAt: 'desc' }, { transactionReferenceId: 'asc' }],
        take: limit,
      }),
      this.prisma.reconciliationItem.groupBy({
        by: ['status', 'currency'],
        _count: { _all: true },
        _sum: { varianceMinor: true, expectedNetMinor: true, disbursedMinor: true },
        orderBy: [{ status: 'asc' }],
      }),
    ]);
    return { items, totals };
  }
}
