import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';

export interface AgreementRecreditRequest {
  recreditId: string;
  agreementId: string;
  reason: string;
}

/**
 * The agreements a settled conflict credits again, kept until credited. The
 * requests are written with the settlement itself, so a settlement never
 * commits without them; the bridge marks each done after crediting, and its
 * sweep queues again any still pending (the queue was down, the job was
 * lost or failed past its retries).
 */
@Injectable()
export class AgreementRecreditOutbox {
  constructor(private readonly prisma: PrismaService) {}

  /** Inside the settlement's transaction. */
  async request(tx: Prisma.TransactionClient, agreementIds: readonly string[], reason: string): Promise<AgreementRecreditRequest[]> {
    const rows = await tx.agreementRecredit.createManyAndReturn({ data: agreementIds.map((agreementId) => ({ agreementId, reason })) });
    return rows.map((r) => ({ recreditId: r.id, agreementId: r.agreementId, reason: r.reason }));
  }

  /** Requests still pending after `ms`: a younger one probably still has its job. */
  async pendingOlderThan(ms: number, limit = 1000): Promise<AgreementRecreditRequest[]> {
    const rows = await this.prisma.agreementRecredit.findMany({
      where: { completedAt: null, requestedAt: { lt: new Date(Date.now() - ms) } },
      orderBy: { requestedAt: 'asc' },
      take: limit,
    });
    return rows.map((r) => ({ recreditId: r.id, agreementId: r.agreementId, reason: r.reason }));
  }

  async complete(recreditId: string, at: Date): Promise<void> {
    await this.prisma.agreementRecredit.updateMany({ where: { id: recreditId, completedAt: null }, data: { completedAt: at } });
  }
}
