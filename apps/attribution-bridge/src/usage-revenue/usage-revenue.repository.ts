import { Injectable } from '@nestjs/common';
import { PrismaService, type Cloud, type Engagement, type Prisma } from '@bridge/database';
import { appendCredits } from '../ledger/credit-ledger.writer';

export interface UsageCreditRow {
  creditKey: string;
  partnerId: string;
  engagement: Engagement;
  ruleId: string;
  kicker: string | null;
  shareBps: number;
  amountMinor: bigint;
  currency: string;
  reason: string;
  occurredAt: Date;
}

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
