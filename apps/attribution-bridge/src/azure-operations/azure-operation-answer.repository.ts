import { Injectable } from '@nestjs/common';
import { PrismaService } from '@bridge/database';
import { ACTIONS_AWAITING_PUBLISHER, STATUSES_AWAITING_PUBLISHER } from '@bridge/domain';

/** An operation no one answered within this long is left to an operator: Azure has given up on it by then. */
const GIVE_UP_AFTER_MS = 7 * 24 * 3600 * 1000;

/**
 * Which stored Azure operations still wait for the publisher's answer. The
 * inbox row is the durable record: it is stored before the webhook is
 * answered, and marked answered only once Azure has its answer, so a lost or
 * failed acknowledgement job is found here and queued again.
 */
@Injectable()
export class AzureOperationAnswerRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Operations stored as awaiting the publisher, unanswered, and older than `ms` (younger ones probably still have their job). */
  async unansweredOlderThan(ms: number, limit = 1000): Promise<{ subscriptionId: string; operationId: string }[]> {
    const now = Date.now();
    return this.prisma.$queryRaw<{ subscriptionId: string; operationId: string }[]>`
      SELECT payload->'operation'->>'subscriptionId' AS "subscriptionId", external_id AS "operationId"
        FROM marketplace_event
       WHERE cloud = 'AZURE' AND answered_at IS NULL AND parked_at IS NULL
         AND detail_type = ANY(${[...ACTIONS_AWAITING_PUBLISHER]}::text[])
         AND payload->'operation'->>'status' = ANY(${[...STATUSES_AWAITING_PUBLISHER]}::text[])
         AND received_at < ${new Date(now - ms)} AND received_at > ${new Date(now - GIVE_UP_AFTER_MS)}
       ORDER BY received_at LIMIT ${limit}`;
  }

  /** Marks the stored operation answered; its inbox row's id, unless it is already processed. */
  async markAnswered(operationId: string, at: Date): Promise<string | null> {
    await this.prisma.marketplaceEvent.updateMany({
      where: { cloud: 'AZURE', externalId: operationId, answeredAt: null },
      data: { answeredAt: at },
    });
    const row = await this.prisma.marketplaceEvent.findUnique({
      where: { cloud_externalId: { cloud: 'AZURE', externalId: operationId } },
      select: { id: true, processedAt: true, parkedAt: true },
    });
    return row && !row.processedAt && !row.parkedAt ? row.id : null;
  }
}
