import { Injectable } from '@nestjs/common';
import { Prisma, PrismaService, withParsedCatalogState, type Cloud } from '@bridge/database';
import { azurePlanUnit, isAzurePlanUnit } from '@bridge/domain';
import type { PageArgs } from '@bridge/pagination';
import type { AzureListingInput } from './azure-listing.schemas';

/** Listings are the ISV's, readable by every role; only staff edit them. */
@Injectable()
export class ListingRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** One page of listings; `page` from @bridge/pagination's findPage. */
  async list(filter: { cloud?: Cloud }, page: PageArgs) {
    const rows = await this.prisma.listing.findMany({
      where: { ...(filter.cloud ? { cloud: filter.cloud } : {}), ...page.after },
      include: { dimensions: { orderBy: { key: 'asc' } }, catalogState: true },
      orderBy: page.orderBy,
      take: page.take,
    });
    return rows.map(withParsedCatalogState);
  }

  async find(id: string) {
    const row = await this.prisma.listing.findUnique({
      where: { id },
      include: { dimensions: { orderBy: { key: 'asc' } }, catalogState: true },
    });
    return row && withParsedCatalogState(row);
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
   * Records an Azure SaaS offer: the listing (created the first time), its
   * benefit eligibility, and one dimension per plan with its price. Plans no
   * longer given are removed; metered dimensions are left alone. Audited.
   */
  async putAzure(offerId: string, input: AzureListingInput, actor: string) {
    return this.prisma.$transaction(async (tx) => {
      const eligibleSince = input.benefitEligible ? new Date(input.benefitEligibleSince ?? Date.now()) : null;
      const existing = await tx.listing.findUnique({ where: { cloud_productId: { cloud: 'AZURE', productId: offerId } } });
      const listing = existing
        ? await tx.listing.update({
            where: { id: existing.id },
            data: {
              title: input.title,
              azureBenefitEligible: input.benefitEligible,
              // An offer already eligible keeps its date unless told otherwise: moving it later would undo drawdowns' basis.
              commitEligibleSince: input.benefitEligible
                ? input.benefitEligibleSince
                  ? eligibleSince
                  : (existing.commitEligibleSince ?? eligibleSince)
                : null,
            },
          })
        : await tx.listing.create({
            data: {
              cloud: 'AZURE',
              productId: offerId,
              productCode: offerId,
              title: input.title,
              deployedOnAws: false,
              azureBenefitEligible: input.benefitEligible,
              commitEligibleSince: eligibleSince,
            },
          });
      const planIds = input.plans.map((p) => p.planId);
      const current = await tx.listingDimension.findMany({ where: { listingId: listing.id } });
      const stale = current.filter((d) => isAzurePlanUnit(d.unit) && !planIds.includes(d.key)).map((d) => d.id);
      if (stale.length) await tx.listingDimension.deleteMany({ where: { id: { in: stale } } });
      for (const p of input.plans) {
        const data = {
          name: p.name ?? p.planId,
          unit: azurePlanUnit(p.term, p.perSeat),
          unitPrice: new Prisma.Decimal(p.price),
          currency: p.currency,
        };
        await tx.listingDimension.upsert({
          where: { listingId_key: { listingId: listing.id, key: p.planId } },
          create: { listingId: listing.id, key: p.planId, ...data },
          update: data,
        });
      }
      await tx.auditEntry.create({
        data: {
          actor,
          action: existing ? 'listing.azure-updated' : 'listing.azure-created',
          entityType: 'listing',
          entityId: listing.id,
          reason: null,
          data: input,
        },
      });
      return { id: listing.id, created: !existing };
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
          data: { before, after: eligibility },
        },
      });
    });
  }
}

/** A type rather than an interface: it is audited as JSON, and only a type alias is assignable to Prisma's JSON input. */
export type CommitEligibility = {
  deployedOnAws?: boolean;
  azureBenefitEligible?: boolean;
  gcpCommitEligible?: boolean;
  commitEligibleSince?: Date | null;
};
