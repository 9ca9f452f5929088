import { Injectable } from '@nestjs/common';
import { PrismaService, type Cloud, type CreditSource, type Prisma } from '@bridge/database';
import type { CreditLine, RegistrationFact } from '@bridge/domain';

export interface AgreementRecord {
  cloud: Cloud;
  marketplaceAgreementId: string;
  marketplaceOfferId: string;
  productId: string;
  acceptorAccountId: string;
  proposerAccountId: string;
  resaleAuthorizationId: string | null;
  intent: string;
  status: string;
  valueMinor: bigint;
  currency: string;
  acceptedAt: Date;
  startsAt: Date | null;
  endsAt: Date | null;
  customerId: string | null;
}

export interface CreditContext {
  resellerPartnerId: string | null;
  customer: { id: string; strategic: boolean } | null;
  listingId: string | null;
  registrations: RegistrationFact[];
}

@Injectable()
export class AgreementCreditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Who the rules need to know about: the proposing reseller, the buyer, the product, the registrations. */
  async loadContext(cloud: Cloud, input: { proposerAccountId: string; acceptorAccountId: string; productId: string; channel: boolean }): Promise<CreditContext> {
    const [reseller, customerAccount, listing] = await Promise.all([
      input.channel
        ? this.prisma.partnerCloudAccount.findUnique({ where: { cloud_accountId: { cloud, accountId: input.proposerAccountId } } })
        : null,
      this.prisma.customerCloudAccount.findUnique({
        where: { cloud_accountId: { cloud, accountId: input.acceptorAccountId } },
        include: { customer: { select: { id: true, strategic: true } } },
      }),
      this.prisma.listing.findUnique({ where: { cloud_productId: { cloud, productId: input.productId } }, select: { id: true } }),
    ]);
    const customer = customerAccount?.customer ?? null;
    const registrations = customer
      ? await this.prisma.dealRegistration.findMany({ where: { customerId: customer.id, status: { in: ['APPROVED', 'EXPIRED'] } } })
      : [];
    return {
      resellerPartnerId: reseller?.partnerId ?? null,
      customer,
      listingId: listing?.id ?? null,
      registrations: registrations.map((r) => ({
        id: r.id,
        partnerId: r.partnerId,
        customerId: r.customerId,
        listingId: r.listingId,
        engagement: r.engagement,
        status: r.status,
        registeredAt: r.registeredAt,
        decidedAt: r.decidedAt,
        expiresAt: r.expiresAt,
      })),
    };
  }

  /**
   * Applies one marketplace event to an agreement's credit, exactly once:
   * the event row is locked and checked inside the transaction, and a
   * per-agreement advisory lock serialises concurrent events of the same
   * agreement, so each computes its difference from the ledger as it stands.
   * `decide` gets the lines already credited and returns the lines to append.
   */
  async applyInTransaction(
    eventId: string,
    agreement: AgreementRecord,
    decide: (credited: CreditLine[]) => { lines: CreditLine[]; outcome: string },
    actor: string,
  ): Promise<{ applied: boolean; written: number }> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`agreement:${agreement.cloud}:${agreement.marketplaceAgreementId}`}))`;
      const [event] = await tx.$queryRaw<{ processed_at: Date | null }[]>`
        SELECT processed_at FROM marketplace_event WHERE id = ${eventId}::uuid FOR UPDATE`;
      if (!event || event.processed_at) return { applied: false, written: 0 };

      const { cloud, marketplaceAgreementId, ...fields } = agreement;
      const stored = await tx.agreement.upsert({
        where: { cloud_marketplaceAgreementId: { cloud, marketplaceAgreementId } },
        create: { cloud, marketplaceAgreementId, ...fields },
        update: { status: fields.status, valueMinor: fields.valueMinor, endsAt: fields.endsAt, customerId: fields.customerId ?? undefined },
      });
      const { credited, rowCounts } = await this.creditedLines(tx, stored.id);
      const { lines, outcome } = decide(credited);
      const rows = lines.map((line) => {
        // The n-th entry of a partner and rule on this agreement: a key that a
        // concurrent writer of the same entry would collide on.
        const group = `${line.partnerId}:${line.ruleId}`;
        const sequence = (rowCounts.get(group) ?? 0) + 1;
        rowCounts.set(group, sequence);
        return {
          creditKey: `${cloud}:${marketplaceAgreementId}:${group}:${sequence}`,
          partnerId: line.partnerId,
          agreementId: stored.id,
          source: sourceOf(line, credited),
          engagement: line.engagement,
          ruleId: line.ruleId,
          kicker: line.kicker ?? null,
          shareBps: line.shareBps,
          amountMinor: line.amountMinor,
          currency: agreement.currency,
          reason: line.reason,
          occurredAt: agreement.acceptedAt,
        };
      });
      if (rows.length) await tx.partnerCredit.createMany({ data: rows });
      await tx.auditEntry.create({
        data: {
          actor,
          action: 'agreement.credited',
          entityType: 'agreement',
          entityId: stored.id,
          reason: outcome,
          data: { eventId, credits: rows.map((r) => ({ partnerId: r.partnerId, amountMinor: r.amountMinor.toString(), ruleId: r.ruleId })) } as Prisma.InputJsonValue,
        },
      });
      await tx.marketplaceEvent.update({ where: { id: eventId }, data: { processedAt: new Date(), outcome } });
      return { applied: true, written: rows.length };
    });
  }

  async markProcessed(eventId: string, outcome: string): Promise<void> {
    await this.prisma.marketplaceEvent.updateMany({ where: { id: eventId, processedAt: null }, data: { processedAt: new Date(), outcome } });
  }

  /** The ledger of one agreement, summed per partner and rule (with the share each was given). */
  private async creditedLines(tx: Prisma.TransactionClient, agreementId: string) {
    const groups = await tx.partnerCredit.groupBy({
      by: ['partnerId', 'ruleId', 'engagement', 'shareBps', 'kicker'],
      where: { agreementId },
      _sum: { amountMinor: true },
      _count: { _all: true },
      _min: { createdAt: true },
      orderBy: { _min: { createdAt: 'asc' } },
    });
    const rowCounts = new Map<string, number>();
    for (const g of groups) rowCounts.set(`${g.partnerId}:${g.ruleId}`, (rowCounts.get(`${g.partnerId}:${g.ruleId}`) ?? 0) + g._count._all);
    const credited: CreditLine[] = groups.map((g) => ({
      partnerId: g.partnerId,
      ruleId: g.ruleId,
      engagement: g.engagement,
      shareBps: g.shareBps,
      kicker: (g.kicker ?? undefined) as CreditLine['kicker'],
      amountMinor: g._sum.amountMinor ?? 0n,
      reason: 'credited so far',
    }));
    return { credited, rowCounts };
  }
}

function sourceOf(line: CreditLine, credited: CreditLine[]): CreditSource {
  if (line.kicker) return 'KICKER';
  if (credited.length === 0) return 'PURCHASE';
  return line.amountMinor < 0n ? 'CANCELLATION' : 'AMENDMENT';
}
