import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService } from '@bridge/database';
import { PgPool } from '@bridge/postgres';
import { keysetSql, keysetWhere, orderByOf, orderBySql, pageOf, type ListOrder } from '@bridge/pagination';
import { CREDITS_ORDER, type CreatePartnerInput, type CreditsQuery } from './partner.schemas';

/**
 * Partner-owned data is always read through a scope: `null` for staff, a
 * partner id for a partner's key. A query cannot be written without one.
 */
@Injectable()
export class PartnerRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pg: PgPool,
  ) {}

  createPartner(input: CreatePartnerInput) {
    return this.prisma.partner.create({
      data: { name: input.name, persona: input.persona, tier: input.tier, cloudAccounts: { create: input.cloudAccounts } },
      include: { cloudAccounts: { select: { cloud: true, accountId: true } } },
    });
  }

  /** Whether a caller of this scope may see the partner at all (staff: any; a partner: itself). */
  inScope(scope: string | null, id: string): boolean {
    return !scope || scope === id;
  }

  findPartner(scope: string | null, id: string) {
    if (!this.inScope(scope, id)) return Promise.resolve(null);
    return this.prisma.partner.findUnique({ where: { id }, include: { cloudAccounts: { select: { cloud: true, accountId: true } } } });
  }

  /**
   * One page of a partner's ledger in the order asked for, and the totals of
   * the whole filtered period from the rollups (kept in step with the ledger
   * by their triggers: the all-time rollup when no period is asked for, else
   * the monthly one), so neither grows with the partner's history. The page
   * is one SQL statement (the ledger's (partner, occurred_at, created_at, id)
   * index, joined to each line's agreement), so a page costs a seek and its
   * rows, with no per-row mapping beyond the presenter's. Both run straight
   * on the pool (PgPool.rows), not through Prisma's raw queries, whose CPU
   * a request was most of this read's cost.
   */
  async credits(scope: string | null, partnerId: string, query: CreditsQuery, order: ListOrder = CREDITS_ORDER) {
    if (scope && scope !== partnerId) return null;
    const keys = order.keys.map((key) => ({ ...key, field: CREDIT_COLUMNS[key.field]! }));
    const filters = Prisma.sql`c.partner_id = ${partnerId}::uuid
           AND (${query.source ?? null}::text IS NULL OR c.source::text = ${query.source ?? null})
           AND (${query.engagement ?? null}::text IS NULL OR c.engagement::text = ${query.engagement ?? null})
           AND (${query.currency ?? null}::text IS NULL OR c.currency = ${query.currency ?? null})`;
    // Bound as UTC text: the column holds UTC without a zone.
    const from = query.from?.toISOString() ?? null;
    const before = query.to ? nextMonth(query.to).toISOString() : null;
    const period = Prisma.sql`(${from}::timestamp IS NULL OR c.occurred_at >= ${from}::timestamp)
           AND (${before}::timestamp IS NULL OR c.occurred_at < ${before}::timestamp)`;
    const [rows, totals] = await Promise.all([
      this.pg.rows<CreditLine>(Prisma.sql`
        SELECT c.id, c.source::text AS source, c.engagement::text AS engagement, c.share_bps, c.amount_minor, c.currency, c.reason,
               c.occurred_at, c.created_at, a.marketplace_agreement_id, a.cloud::text AS cloud
          FROM partner_credit c LEFT JOIN agreement a ON a.id = c.agreement_id
         WHERE ${filters} AND ${period} AND ${keysetSql(keys, query.cursor)}
         ${orderBySql(keys)} LIMIT ${query.limit + 1}`),
      this.pg.rows<{ currency: string; engagement: string; amount_minor: bigint; lines: bigint }>(Prisma.sql`
        SELECT currency, engagement::text AS engagement, sum(amount_minor)::bigint AS amount_minor, sum(lines)::bigint AS lines
          FROM ${periodTotals(query.from, query.to)}
         WHERE partner_id = ${partnerId}::uuid
           AND (${query.source ?? null}::text IS NULL OR source::text = ${query.source ?? null})
           AND (${query.engagement ?? null}::text IS NULL OR engagement::text = ${query.engagement ?? null})
           AND (${query.currency ?? null}::text IS NULL OR currency = ${query.currency ?? null})
         GROUP BY currency, engagement
         HAVING sum(lines) <> 0
         ORDER BY currency, engagement`),
    ]);
    const page = pageOf(order.list, order.keys, rows, query.limit, (c) => [c.occurred_at, c.created_at, c.id]);
    return { entries: page.rows.map(toCreditRow), page: page.page, totals };
  }

  /** Every ledger line of a partner, oldest first, a batch at a time (for streamed exports). */
  async *allCredits(scope: string | null, partnerId: string, batch = 1000) {
    if (scope && scope !== partnerId) return;
    let after: [Date, Date, string] | null = null;
    for (;;) {
      const rows: Awaited<ReturnType<typeof this.creditBatch>> = await this.creditBatch(partnerId, after, batch);
      if (rows.length) yield rows;
      if (rows.length < batch) return;
      const last = rows[rows.length - 1]!;
      after = [last.occurredAt, last.createdAt, last.id];
    }
  }

  private creditBatch(partnerId: string, after: [Date, Date, string] | null, batch: number) {
    return this.prisma.partnerCredit.findMany({
      where: { partnerId, ...keysetWhere(CREDITS_ORDER.keys, after) },
      orderBy: orderByOf(CREDITS_ORDER.keys),
      take: batch,
      include: { agreement: { select: { marketplaceAgreementId: true, cloud: true } } },
    });
  }
}

/** The rollup rows of a period: every month's when a period is asked for, else the all-time rollup (a few rows a partner). */
function periodTotals(from: Date | undefined, to: Date | undefined): Prisma.Sql {
  if (!from && !to) return Prisma.sql`partner_credit_total_live`;
  return Prisma.sql`(SELECT * FROM partner_credit_month_live
                      WHERE (${from ?? null}::date IS NULL OR month >= ${from ?? null}::date)
                        AND (${to ?? null}::date IS NULL OR month <= ${to ?? null}::date)) AS m`;
}

/** A ledger line as the page's SQL reads it. */
interface CreditLine {
  id: string;
  source: string;
  engagement: string;
  share_bps: number;
  amount_minor: bigint;
  currency: string;
  reason: string;
  occurred_at: Date;
  created_at: Date;
  marketplace_agreement_id: string | null;
  cloud: string | null;
}

/** The ledger's columns for the order keys (named as the Prisma fields the streamed export pages by). */
const CREDIT_COLUMNS: Record<string, string> = { occurredAt: 'c.occurred_at', createdAt: 'c.created_at', id: 'c.id' };

const toCreditRow = (c: CreditLine) => ({
  id: c.id,
  source: c.source,
  engagement: c.engagement,
  shareBps: c.share_bps,
  amountMinor: c.amount_minor,
  currency: c.currency,
  reason: c.reason,
  occurredAt: c.occurred_at,
  createdAt: c.created_at,
  agreement: c.marketplace_agreement_id !== null ? { marketplaceAgreementId: c.marketplace_agreement_id, cloud: c.cloud! } : null,
});

function nextMonth(month: Date): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
}
