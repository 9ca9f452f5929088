import { Injectable } from '@nestjs/common';
import { PrismaService } from '@bridge/database';
import { keysetWhere, orderByOf, pageOf, type ListOrder } from '@bridge/pagination';
import { CREDITS_ORDER, PARTNERS_ORDER, type CreatePartnerInput, type CreditsQuery, type PartnersQuery } from './partner.schemas';

/**
 * Partner-owned data is always read through a scope: `null` for staff, a
 * partner id for a partner's key. A query cannot be written without one.
 */
@Injectable()
export class PartnerRepository {
  constructor(private readonly prisma: PrismaService) {}

  createPartner(input: CreatePartnerInput) {
    return this.prisma.partner.create({
      data: { name: input.name, persona: input.persona, tier: input.tier, cloudAccounts: { create: input.cloudAccounts } },
      include: { cloudAccounts: { select: { cloud: true, accountId: true } } },
    });
  }

  async listPartners(scope: string | null, query: PartnersQuery) {
    const rows = await this.prisma.partner.findMany({
      where: {
        ...(scope ? { id: scope } : {}),
        ...(query.persona ? { persona: query.persona } : {}),
        ...keysetWhere(PARTNERS_ORDER.keys, query.cursor),
      },
      include: { cloudAccounts: { select: { cloud: true, accountId: true } } },
      orderBy: orderByOf(PARTNERS_ORDER.keys),
      take: query.limit + 1,
    });
    return pageOf(PARTNERS_ORDER.list, PARTNERS_ORDER.keys, rows, query.limit, (p) => [p.name, p.id]);
  }

  findPartner(scope: string | null, id: string) {
    if (scope && scope !== id) return Promise.resolve(null);
    return this.prisma.partner.findUnique({ where: { id }, include: { cloudAccounts: { select: { cloud: true, accountId: true } } } });
  }

  /**
   * One page of a partner's ledger, newest first, and the totals of the whole
   * filtered period from the monthly rollup (kept in step with the ledger by
   * its triggers), so neither grows with the partner's history.
   */
  async credits(scope: string | null, partnerId: string, query: CreditsQuery, order: ListOrder = CREDITS_ORDER) {
    if (scope && scope !== partnerId) return null;
    const filter = {
      partnerId,
      ...(query.source ? { source: query.source } : {}),
      ...(query.engagement ? { engagement: query.engagement } : {}),
      ...(query.currency ? { currency: query.currency } : {}),
    };
    const [rows, totals] = await Promise.all([
      this.prisma.partnerCredit.findMany({
        where: {
          ...filter,
          occurredAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: nextMonth(query.to) } : {}) },
          ...keysetWhere(order.keys, query.cursor),
        },
        orderBy: orderByOf(order.keys),
        take: query.limit + 1,
        include: { agreement: { select: { marketplaceAgreementId: true, cloud: true } } },
      }),
      this.prisma.$queryRaw<{ currency: string; engagement: string; amount_minor: bigint; lines: bigint }[]>`
        SELECT currency, engagement::text AS engagement, sum(amount_minor)::bigint AS amount_minor, sum(lines)::bigint AS lines
          FROM partner_credit_month_live
         WHERE partner_id = ${partnerId}::uuid
           AND (${query.from ?? null}::date IS NULL OR month >= ${query.from ?? null}::date)
           AND (${query.to ?? null}::date IS NULL OR month <= ${query.to ?? null}::date)
           AND (${query.source ?? null}::text IS NULL OR source::text = ${query.source ?? null})
           AND (${query.engagement ?? null}::text IS NULL OR engagement::text = ${query.engagement ?? null})
           AND (${query.currency ?? null}::text IS NULL OR currency = ${query.currency ?? null})
         GROUP BY currency, engagement
         HAVING sum(lines) <> 0
         ORDER BY currency, engagement`,
    ]);
    const page = pageOf(order.list, order.keys, rows, query.limit, (c) => [c.occurredAt, c.createdAt, c.id]);
    return { entries: page.rows, page: page.page, totals };
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

function nextMonth(month: Date): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
}
