import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, type Cloud } from '@bridge/database';
import type { PageArgs } from '@bridge/pagination';

/** Listings are the ISV's, readable by every role; only staff edit them. */
@Injectable()
export class ListingRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** One page of listings; `page` from @bridge/pagination's findPage. */
  list(filter: { cloud?: Cloud }, page: PageArgs) {
    return this.prisma.listing.findMany({
      where: { ...(filter.cloud ? { cloud: filter.cloud } : {}), ...page.after },
      include: { dimensions: { orderBy: { key: 'asc' } }, catalogState: true },
      orderBy: page.orderBy,
      take: page.take,
    });
  }

  find(id: string) {
    return this.prisma.listing.findUnique({ where: { id }, include: { dimensions: { orderBy: { key: 'asc' } }, catalogState: true } });
  }

  /** The product's own edit; listing-sync pushes it to the catalog as a change set. */
  async edit(
    id: string,
    edit: { title?: string; dimensions?: { key: string; name?: string; unit?: string; price?: string }[] },
    actor: string,
    reason: string | null,
  ) {
    await this.prisma.$transaction(async (tx) => {
      if (edit.title) await tx.listing.update({ where: { id }, data: { title: edit.title } });
      for (const d of edit.dimensions ?? []) {
        await tx.listingDimension.update({
          where: { listingId_key: { listingId: id, key: d.key } },
          data: { name: d.name, unit: d.unit, unitPrice: d.price === undefined ? undefined : new Prisma.Decimal(d.price) },
        });
      }
      await tx.auditEntry.create({
        data: { actor, action: 'listing.edited', entityType: 'listing', entityId: id, reason, data: edit as Prisma.InputJsonValue },
      });
    });
  }

  /**
   * Which cloud commitments spend on the listing may retire: a fact about the
   * product (not its catalog page), so it is stored, audited and used by the
   * drawdown from then on, never pushed to the marketplace.
   */
  async setCommitEligibility(id: string, eligibility: CommitEligibility, actor: string, reason: string) {
    await this.prisma.$transaction(async (tx) => {
      const before = await tx.listing.findUniqueOrThrow({
        where: { id },
        select: { deployedOnAws: true, azureBenefitEligible: true, gcpCommitEligible: true, commitEligibleSince: true },
      });
      await tx.listing.update({ where: { id }, data: eligibility });
      await tx.auditEntry.create({
        data: {
          actor,
          action: 'listing.commit-eligibility-set',
          entityType: 'listing',
          entityId: id,
          reason,
          data: { before, after: eligibility } as unknown as Prisma.InputJsonValue,
        },
      });
    });
  }
}

export interface CommitEligibility {
  deployedOnAws?: boolean;
  azureBenefitEligible?: boolean;
  gcpCommitEligible?: boolean;
  commitEligibleSince?: Date | null;
}
