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
   * the monthly one), so neither grows with the partner's history. One
   * statement, on the pool (not Prisma's raw queries, whose CPU a request was
   * most of this read's cost): the page (a seek on the ledger's (partner,
   * occurred_at, created_at, id) index, joined to each line's agreement) and
   * then the totals, told apart by `part`. Its text holds only the filters
   * asked for, so each combination is one named statement a connection
   * prepares once: PostgreSQL then stops planning it on every request (most
   * of its CPU for a page this small), and a plan kept for it is a plan for
   * exactly those filters.
   */
  async credits(scope: string | null, partnerId: string, query: CreditsQuery, order: ListOrder = CREDITS_ORDER) {
    if (scope && scope !== partnerId) return null;
    const keys = order.keys.map((key) => ({ ...key, field: CREDIT_COLUMNS[key.field]! }));
    const asked = creditFilters(query);
    const statement = Prisma.sql`
      (SELECT 0 AS part, c.id, c.source::text AS source, c.engagement::text AS engagement, c.share_bps, c.amount_minor, c.currency, c.reason,
              c.occurred_at, c.created_at, a.marketplace_agreement_id, a.cloud::text AS cloud, NULL::bigint AS lines
         FROM partner_credit c LEFT JOIN agreement a ON a.id = c.agreement_id
        WHERE c.partner_id = ${partnerId}::uuid${filtersSql(asked, 'c.')}${periodSql(query)} AND ${keysetSql(keys, query.cursor)}
        ${orderBySql(keys)} LIMIT ${query.limit + 1})
      UNION ALL
      (SELECT 1, NULL, NULL, engagement::text, NULL, sum(amount_minor)::bigint, currency, NULL, NULL, NULL, NULL, NULL, sum(lines)::bigint
         FROM ${periodTotals(query.from, query.to)}
        WHERE partner_id = ${partnerId}::uuid${filtersSql(asked, '')}
        GROUP BY currency, engagement
       HAVING sum(lines) <> 0
        ORDER BY currency, engagement)`;
    const result = await this.pg.prepared<CreditLine | CreditTotal>(order.list, statement);
    // Each part's rows arrive in its own order (an Append runs its parts one after the other).
    const rows: CreditLine[] = [];
    const totals: TotalLine[] = [];
    for (const row of result) {
      if (row.part === 0) rows.push(row);
      else totals.push({ currency: row.currency, engagement: row.engagement, amount_minor: row.amount_minor, lines: row.lines });
    }
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

/** The ledger filters a credits query asks for: a column of the ledger (and of its rollups) and the value it must equal. */
function creditFilters(query: CreditsQuery): { column: string; value: string }[] {
  const asked = [
    { column: 'source', value: query.source },
    { column: 'engagement', value: query.engagement },
    { column: 'currency', value: query.currency },
  ];
  return asked.filter((f): f is { column: string; value: string } => f.value !== undefined);
}

/** ` AND <column> = <value>` for each filter asked for, on the columns of `table` (the enums compared as text). */
function filtersSql(asked: { column: string; value: string }[], table: string): Prisma.Sql {
  if (!asked.length) return Prisma.empty;
  const column = (name: string) => Prisma.raw(name === 'currency' ? `${table}currency` : `${table}${name}::text`);
  return Prisma.join(
    asked.map((f) => Prisma.sql` AND ${column(f.column)} = ${f.value}`),
    '',
  );
}

/** The period's bounds on the ledger (bound as UTC text: the column holds UTC without a zone), only those asked for. */
function periodSql(query: CreditsQuery): Prisma.Sql {
  const from = query.from ? Prisma.sql` AND c.occurred_at >= ${query.from.toISOString()}::timestamp` : Prisma.empty;
  const before = query.to ? Prisma.sql` AND c.occurred_at < ${nextMonth(query.to).toISOString()}::timestamp` : Prisma.empty;
  return Prisma.sql`${from}${before}`;
}

/** The rollup rows of a period: every month's when a period is asked for, else the all-time rollup (a few rows a partner). */
function periodTotals(from: Date | undefined, to: Date | undefined): Prisma.Sql {
  if (!from && !to) return Prisma.sql`partner_credit_total_live`;
  const since = from ? Prisma.sql` AND month >= ${from}::date` : Prisma.empty;
  const until = to ? Prisma.sql` AND month <= ${to}::date` : Prisma.empty;
  return Prisma.sql`(SELECT * FROM partner_credit_month_live WHERE TRUE${since}${until}) AS m`;
}

/** A ledger line as the page's SQL reads it. */
interface CreditLine {
  part: 0;
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

/** A total of the period per currency and engagement, as the same statement reads it. */
interface CreditTotal {
  part: 1;
  currency: string;
  engagement: string;
  amount_minor: bigint;
  lines: bigint;
}

type TotalLine = Omit<CreditTotal, 'part'>;

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
