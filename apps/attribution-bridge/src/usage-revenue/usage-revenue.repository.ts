import { Injectable } from '@nestjs/common';
import { PrismaService, type Cloud, type Prisma } from '@bridge/database';
import { appendCredits, type LedgerCredit } from '../ledger/credit-ledger.writer';

/** A ledger entry of metered usage: its source is always USAGE and it has no revenue event. */
export type UsageCreditRow = Omit<LedgerCredit, 'source' | 'revenueEventId'>;

/** Reads and writes of the usage-revenue credit: agreement parties in, credit rows out. */
@Injectable()
export class UsageRevenueRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Who proposed the agreement and whether under a resale authorization (a channel offer). */
  agreementParties(cloud: Cloud, marketplaceAgreementId: string) {
    return this.prisma.agreement.findUnique({
      where: { cloud_marketplaceAgreementId: { cloud, marketplaceAgreementId } },
      select: { proposerAccountId: true, resaleAuthorizationId: true },
    });
  }

  /**
   * Appends the credit rows and marks the batch's usage hours credited, in
   * one transaction: an hour is credited exactly when its rows are written
   * (or it earned no partner anything), and the metering publisher sends
   * again any hour it published that never got here. A row whose key exists
   * (a redelivered job) is skipped, so each usage hour credits each partner
   * once. The audit entry records what this delivery actually added.
   */
  async append(rows: UsageCreditRow[], usageHourIds: string[], batchId: string, actor: string): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const count = rows.length
        ? await appendCredits(
            tx,
            rows.map((r) => ({ ...r, source: 'USAGE' as const })),
          )
        : 0;
      await tx.$executeRaw`UPDATE usage_hour SET revenue_credited_at = now() WHERE id = ANY(${usageHourIds}::uuid[]) AND revenue_credited_at IS NULL`;
      if (count > 0) {
        await tx.auditEntry.create({
          data: {
            actor,
            action: 'usage-revenue.credited',
            entityType: 'usage-revenue-batch',
            entityId: batchId,
            reason: `${count} credit entries for metered usage`,
            data: { keys: rows.map((r) => r.creditKey) } as Prisma.InputJsonValue,
          },
        });
      }
      return count;
    });
  }
}
