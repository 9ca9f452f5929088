import { Injectable } from '@nestjs/common';
import { parsedChangeSet, PrismaService, type ChangeProblem, type Prisma } from '@bridge/database';
import type { ChangeSetState } from '@bridge/marketplace';

export type ChangeSetRow = NonNullable<Awaited<ReturnType<ChangeSetRepository['find']>>>;

export interface Finish {
  status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  failureCode: string | null;
  problems: ChangeProblem[];
  /** The entity a Create* change made. */
  createdEntityId: string | null;
  summary: string;
}

const OPEN = ['PREPARING', 'APPLYING'] as const;

/** The product's record of its catalog change sets and the per-entity locks they hold. */
@Injectable()
export class ChangeSetRepository {
  constructor(private readonly prisma: PrismaService) {}

  async find(id: string) {
    const row = await this.prisma.catalogChangeSet.findUnique({ where: { id } });
    return row && parsedChangeSet(row);
  }

  async findByMarketplaceId(marketplaceChangeSetId: string) {
    const row = await this.prisma.catalogChangeSet.findUnique({ where: { marketplaceChangeSetId } });
    return row && parsedChangeSet(row);
  }

  /**
   * Takes the entity's lock for this set, or answers who holds it. A lock
   * left by a set that has finished (a crash between finishing and
   * releasing) is taken over.
   */
  async acquireLock(row: ChangeSetRow): Promise<{ acquired: true } | { acquired: false; heldBy: string }> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`
        DELETE FROM catalog_entity_lock l USING catalog_change_set s
        WHERE l.cloud = ${row.cloud}::"Cloud" AND l.lock_key = ${row.lockKey} AND s.id = l.change_set_id
          AND s.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')`;
      await tx.$executeRaw`
        INSERT INTO catalog_entity_lock (cloud, lock_key, change_set_id) VALUES (${row.cloud}::"Cloud", ${row.lockKey}, ${row.id}::uuid)
        ON CONFLICT DO NOTHING`;
      const holder = await tx.catalogEntityLock.findUnique({ where: { cloud_lockKey: { cloud: row.cloud, lockKey: row.lockKey } } });
      return holder?.changeSetId === row.id
        ? { acquired: true as const }
        : { acquired: false as const, heldBy: holder?.changeSetId ?? 'unknown' };
    });
  }

  recordSubmitError(id: string, message: string) {
    return this.prisma.catalogChangeSet.update({
      where: { id },
      data: { submitAttempts: { increment: 1 }, lastSubmitError: message.slice(0, 1000) },
    });
  }

  /** Recorded before the request goes out, so a retry knows the marketplace may already have it. */
  async recordSendStarted(id: string): Promise<void> {
    await this.prisma.catalogChangeSet.updateMany({
      where: { id, status: 'PENDING', sendStartedAt: null },
      data: { sendStartedAt: new Date() },
    });
  }

  /** Of these marketplace ids, those an offer or resale authorization of ours already holds. */
  async claimedMarketplaceIds(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const [offers, authorizations] = await Promise.all([
      this.prisma.offer.findMany({ where: { marketplaceOfferId: { in: ids } }, select: { marketplaceOfferId: true } }),
      this.prisma.resaleAuthorization.findMany({ where: { marketplaceId: { in: ids } }, select: { marketplaceId: true } }),
    ]);
    return new Set([...offers.map((o) => o.marketplaceOfferId!), ...authorizations.map((a) => a.marketplaceId!)]);
  }

  async markSubmitted(id: string, marketplaceChangeSetId: string): Promise<void> {
    await this.prisma.catalogChangeSet.updateMany({
      where: { id, status: 'PENDING' },
      data: {
        marketplaceChangeSetId,
        status: 'PREPARING',
        submittedAt: new Date(),
        submitAttempts: { increment: 1 },
        lastSubmitError: null,
      },
    });
  }

  async markRunning(id: string, status: ChangeSetState): Promise<void> {
    if (status === 'PREPARING' || status === 'APPLYING')
      await this.prisma.catalogChangeSet.updateMany({ where: { id, status: { in: [...OPEN] } }, data: { status } });
  }

  /**
   * Records the end of a set exactly once, whoever sees it first (the
   * catalog event or the poll): the row is locked and checked, the entity
   * lock released, and `effects` applies what the outcome means for the
   * offer, authorization or listing, in the same transaction.
   */
  async finish(
    id: string,
    outcome: Finish,
    effects: (tx: Prisma.TransactionClient, row: ChangeSetRow) => Promise<void>,
  ): Promise<ChangeSetRow | null> {
    return this.prisma.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM catalog_change_set WHERE id = ${id}::uuid FOR UPDATE`;
      if (!locked || ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(locked.status)) return null;
      const updated = await tx.catalogChangeSet.update({
        where: { id },
        data: {
          status: outcome.status,
          failureCode: outcome.failureCode,
          errors: outcome.problems.length ? outcome.problems : undefined,
          finishedAt: new Date(),
        },
      });
      const row = parsedChangeSet(updated);
      await tx.catalogEntityLock.deleteMany({ where: { changeSetId: id } });
      await effects(tx, row);
      return row;
    });
  }

  /** The oldest set still waiting to be sent on the same entity. */
  async nextWaitingOn(row: ChangeSetRow): Promise<string | null> {
    const next = await this.prisma.catalogChangeSet.findFirst({
      where: { cloud: row.cloud, lockKey: row.lockKey, status: 'PENDING', id: { not: row.id } },
      orderBy: { createdAt: 'asc' },
      select: { id: true },
    });
    return next?.id ?? null;
  }

  /** Sets whose job may have been lost: never sent, or sent and not yet seen to finish. */
  async stale(olderThanMs: number, limit = 500) {
    const before = new Date(Date.now() - olderThanMs);
    const rows = await this.prisma.catalogChangeSet.findMany({
      where: { status: { in: ['PENDING', ...OPEN] }, createdAt: { lt: before } },
      select: { id: true, status: true },
      orderBy: { createdAt: 'asc' },
      take: limit,
    });
    return {
      unsent: rows.filter((r) => r.status === 'PENDING').map((r) => r.id),
      running: rows.filter((r) => r.status !== 'PENDING').map((r) => r.id),
    };
  }
}
