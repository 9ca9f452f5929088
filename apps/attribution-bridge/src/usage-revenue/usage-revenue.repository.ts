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
   * Appends the credit rows; a row whose key exists (a redelivered job) is
   * skipped, so each usage hour credits each partner once. The audit entry
   * records what this delivery actually added.
   */
  async append(rows: UsageCreditRow[], batchId: string, actor: string): Promise<number> {
    if (rows.length === 0) return 0;
    return this.prisma.$transaction(async (tx) => {
      const count = await appendCredits(tx, rows.map((r) => ({ ...r, source: 'USAGE' as const })));
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
