import { Injectable } from '@nestjs/common';
import { PrismaService, type Prisma } from '@bridge/database';
import type { PageArgs } from '@bridge/pagination';
import type { RequestsFilter } from './mdf.schemas';

type Tx = Prisma.TransactionClient;

const WITH_CLAIM = {
  claim: {
    include: {
      attachments: {
        select: { id: true, fileName: true, contentType: true, sizeBytes: true, sha256: true, uploadedAt: true, uploadedBy: true },
        orderBy: { uploadedAt: 'asc' },
      },
    },
  },
} as const satisfies Prisma.MdfRequestInclude;

export type MdfRequestRow = Prisma.MdfRequestGetPayload<{ include: typeof WITH_CLAIM }>;

/**
 * MDF budgets, requests, claims and their proof. Every read of a request takes
 * the partner scope (null for staff): a partner's key cannot name a query that
 * returns another partner's request.
 */
@Injectable()
export class MdfRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(body: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(body);
  }

  partner(id: string) {
    return this.prisma.partner.findUnique({ where: { id }, select: { id: true, name: true, tier: true } });
  }

  async existingCustomers(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.prisma.customer.findMany({ where: { id: { in: ids } }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }

  createBudget(data: Prisma.MdfBudgetUncheckedCreateInput, tx: Tx) {
    return tx.mdfBudget.create({ data });
  }

  /** One page of budgets; `page` from @bridge/pagination's findPage (MDF_BUDGETS_ORDER). */
  listBudgets(period: string | undefined, page: PageArgs) {
    return this.prisma.mdfBudget.findMany({
      where: { AND: [period ? { period } : {}, page.after] },
      orderBy: page.orderBy,
      take: page.take,
    });
  }

  findBudget(id: string) {
    return this.prisma.mdfBudget.findUnique({ where: { id } });
  }

  /** The budget a partner's request draws on: its own for the quarter, else its tier's pool. */
  async budgetFor(partner: { id: string; tier: string | null }, period: string, client: Tx = this.prisma) {
    const own = await client.mdfBudget.findUnique({ where: { period_partnerId: { period, partnerId: partner.id } } });
    if (own || !partner.tier) return own;
    return client.mdfBudget.findUnique({ where: { period_tier: { period, tier: partner.tier } } });
  }

  /**
   * Locks the budget row for the rest of the transaction, so approvals against
   * it run one after the other; the held sum read after the lock then sees
   * every approval that committed before it.
   */
  async lockBudget(id: string, tx: Tx): Promise<void> {
    await tx.$queryRaw`SELECT id FROM mdf_budget WHERE id = ${id}::uuid FOR UPDATE`;
  }

  /** What the budget's requests hold now (see mdfHeldMinor: an expired approval holds nothing). */
  async heldMinor(budgetId: string, now: Date, client: Tx = this.prisma, exceptRequestId: string | null = null): Promise<bigint> {
    const [row] = await client.$queryRaw<{ held: bigint | null }[]>`
      SELECT SUM(CASE WHEN status = 'APPROVED' AND claim_deadline <= ${now} THEN 0 ELSE committed_minor END)::bigint AS held
        FROM mdf_request
       WHERE budget_id = ${budgetId}::uuid AND (${exceptRequestId}::uuid IS NULL OR id <> ${exceptRequestId}::uuid)`;
    return row?.held ?? 0n;
  }

  updateBudgetAmount(id: string, amountMinor: bigint, tx: Tx) {
    return tx.mdfBudget.update({ where: { id }, data: { amountMinor } });
  }

  createRequest(data: Prisma.MdfRequestUncheckedCreateInput, tx: Tx) {
    return tx.mdfRequest.create({ data, include: WITH_CLAIM });
  }

  findRequest(scope: string | null, id: string, client: Tx = this.prisma): Promise<MdfRequestRow | null> {
    return client.mdfRequest.findFirst({ where: { id, ...(scope ? { partnerId: scope } : {}) }, include: WITH_CLAIM });
  }

  /** Locks the request for a decision: two people deciding it at once are served one after the other. */
  async lockRequest(id: string, tx: Tx): Promise<MdfRequestRow | null> {
    await tx.$queryRaw`SELECT id FROM mdf_request WHERE id = ${id}::uuid FOR UPDATE`;
    return this.findRequest(null, id, tx);
  }

  /** One page of requests; `page` from @bridge/pagination's findPage (MDF_REQUESTS_ORDER). */
  listRequests(scope: string | null, filter: RequestsFilter, now: Date, page: PageArgs) {
    return this.prisma.mdfRequest.findMany({
      where: { AND: [requestsWhere(scope, filter, now), page.after] },
      include: WITH_CLAIM,
      orderBy: page.orderBy,
      take: page.take,
    });
  }

  /** Every approved request the filter names (ROI reads them whole: its totals cover the period, not a page). */
  approvedRequests(scope: string | null, filter: RequestsFilter, now: Date) {
    return this.prisma.mdfRequest.findMany({
      where: { AND: [requestsWhere(scope, filter, now), { approvedMinor: { not: null } }] },
      include: WITH_CLAIM,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  updateRequest(id: string, data: Prisma.MdfRequestUncheckedUpdateInput, tx: Tx) {
    return tx.mdfRequest.update({ where: { id }, data, include: WITH_CLAIM });
  }

  createClaim(data: Prisma.MdfClaimUncheckedCreateInput, tx: Tx) {
    return tx.mdfClaim.create({ data });
  }

  updateClaim(id: string, data: Prisma.MdfClaimUncheckedUpdateInput, tx: Tx) {
    return tx.mdfClaim.update({ where: { id }, data });
  }

  async countAttachments(claimId: string, tx: Tx): Promise<number> {
    return tx.mdfClaimAttachment.count({ where: { claimId } });
  }

  addAttachment(data: Prisma.MdfClaimAttachmentUncheckedCreateInput, tx: Tx) {
    return tx.mdfClaimAttachment.create({
      data,
      select: { id: true, fileName: true, contentType: true, sizeBytes: true, sha256: true, uploadedAt: true, uploadedBy: true },
    });
  }

  attachment(claimId: string, id: string) {
    return this.prisma.mdfClaimAttachment.findFirst({ where: { id, claimId } });
  }
}

function requestsWhere(scope: string | null, filter: RequestsFilter, now: Date): Prisma.MdfRequestWhereInput {
  return {
    ...(scope ? { partnerId: scope } : filter.partnerId ? { partnerId: filter.partnerId } : {}),
    ...(filter.period ? { period: filter.period } : {}),
    ...statusFilter(filter.status, now),
  };
}

/** EXPIRED is read from the clock, not stored: an approved request past its claim deadline. */
function statusFilter(status: RequestsFilter['status'], now: Date): Prisma.MdfRequestWhereInput {
  if (!status) return {};
  if (status === 'EXPIRED') return { status: 'APPROVED', claimDeadline: { lte: now } };
  if (status === 'APPROVED') return { status: 'APPROVED', OR: [{ claimDeadline: null }, { claimDeadline: { gt: now } }] };
  return { status };
}
