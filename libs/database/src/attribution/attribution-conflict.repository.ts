import { Injectable } from '@nestjs/common';
import type { AttributionConflict as ConflictFact } from '@bridge/domain';
import type { Cloud, ConflictStatus, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';

export interface ConflictSubject {
  subjectKey: string;
  customerId: string | null;
  listingId: string | null;
}

/**
 * Claims the rules could not settle, listed for sales ops. A conflict is
 * keyed by what it is about and who claims it, so seeing it again (a
 * redelivered event, a second approval) does not open it twice.
 */
@Injectable()
export class AttributionConflictRepository {
  constructor(private readonly prisma: PrismaService) {}

  async open(subject: ConflictSubject, conflicts: readonly ConflictFact[], client: Prisma.TransactionClient = this.prisma): Promise<void> {
    for (const conflict of conflicts) {
      const partnerIds = [...conflict.partnerIds].sort();
      const conflictKey = `${subject.subjectKey}:${partnerIds.join(',') || 'direct'}`;
      await client.attributionConflict.upsert({
        where: { conflictKey },
        create: { conflictKey, ...subject, partnerIds, reason: conflict.reason },
        update: {},
      });
    }
  }

  async partnersExist(ids: readonly string[]): Promise<boolean> {
    return (await this.prisma.partner.count({ where: { id: { in: [...ids] } } })) === new Set(ids).size;
  }

  /** The stored agreements behind `agreement:<cloud>:<id>` subject keys. */
  async agreementIdsOf(subjectKeys: readonly string[], client: Prisma.TransactionClient = this.prisma): Promise<string[]> {
    const refs = subjectKeys
      .filter((key) => key.startsWith('agreement:'))
      .map((key) => {
        const [, cloud, marketplaceAgreementId] = key.split(':');
        return { cloud: cloud as Cloud, marketplaceAgreementId };
      });
    if (!refs.length) return [];
    const rows = await client.agreement.findMany({ where: { OR: refs }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** One page of conflicts; `page` is the keyset condition, order and size of @bridge/pagination's findPage. */
  list(
    status: ConflictStatus | undefined,
    page: { after: Prisma.AttributionConflictWhereInput; orderBy: Prisma.AttributionConflictOrderByWithRelationInput[]; take: number },
  ) {
    return this.prisma.attributionConflict.findMany({
      where: { ...(status ? { status } : {}), ...page.after },
      orderBy: page.orderBy,
      take: page.take,
    });
  }

  find(id: string) {
    return this.prisma.attributionConflict.findUnique({ where: { id } });
  }

  /**
   * Settles an open conflict with the split sales ops chose, inside the
   * caller's transaction (which also records the re-credits and the audit
   * entry): the split becomes data the rules replay for this customer, and
   * every open conflict about the same customer and listing closes.
   */
  async resolve(
    tx: Prisma.TransactionClient,
    id: string,
    input: {
      shares: { partnerId: string; engagement: 'SOURCED' | 'INFLUENCED'; bps: number }[];
      reason: string;
      actor: string;
      validFrom: Date;
    },
  ) {
    const conflict = await tx.attributionConflict.findUnique({ where: { id } });
    if (!conflict || conflict.status !== 'OPEN' || !conflict.customerId) return null;
    // Claimed first, before anything is written: a concurrent settlement of the same conflict waits here and finds it closed.
    const { count } = await tx.attributionConflict.updateMany({
      where: { id, status: 'OPEN' },
      data: { status: 'RESOLVED', resolution: input.reason, resolvedBy: input.actor, resolvedAt: new Date() },
    });
    if (count === 0) return null;
    await tx.splitOverride.create({
      data: {
        customerId: conflict.customerId,
        listingId: conflict.listingId,
        validFrom: input.validFrom,
        shares: input.shares,
        reason: input.reason,
        createdBy: input.actor,
      },
    });
    const others = await tx.attributionConflict.findMany({
      where: { status: 'OPEN', customerId: conflict.customerId, listingId: conflict.listingId },
    });
    await tx.attributionConflict.updateMany({
      where: { id: { in: others.map((c) => c.id) } },
      data: { status: 'RESOLVED', resolution: input.reason, resolvedBy: input.actor, resolvedAt: new Date() },
    });
    const closed = [conflict, ...others];
    return { conflict, subjectKeys: closed.map((c) => c.subjectKey).filter((k): k is string => k !== null) };
  }
}
