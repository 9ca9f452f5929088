import { Injectable } from '@nestjs/common';
import {
  listingContentSchema,
  listingSnapshotSchema,
  Prisma,
  PrismaService,
  storedChanges,
  withParsedCatalogState,
  type Cloud,
} from '@bridge/database';
import type { CatalogChange } from '@bridge/marketplace';
import type { ListingContent } from './listing-content';

export interface MarketplaceListing {
  productId: string;
  productCode: string | null;
  entityArn: string | null;
  lastModifiedDate: string | null;
  content: ListingContent;
  /** The public offer whose rate card carries the prices, when known. */
  publicOfferId: string | null;
}

const ACTOR = 'listing-sync';

/** Listings, their dimensions and what the catalog said of them at the last sync. */
@Injectable()
export class ListingCatalogRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** LastModifiedDate per product at the last import: unchanged products are not described again. */
  async knownVersions(cloud: Cloud): Promise<Map<string, string | null>> {
    const rows = await this.prisma.listing.findMany({
      where: { cloud },
      select: { productId: true, catalogState: { select: { marketplaceModifiedAt: true } } },
    });
    return new Map(rows.map((r) => [r.productId, r.catalogState?.marketplaceModifiedAt ?? null]));
  }

  async load(cloud: Cloud, productId: string) {
    const listing = await this.prisma.listing.findUnique({
      where: { cloud_productId: { cloud, productId } },
      include: { dimensions: true, catalogState: true },
    });
    if (!listing) return null;
    return { listing: withParsedCatalogState(listing), content: contentOf(listing) };
  }

  async loadById(listingId: string) {
    const listing = await this.prisma.listing.findUnique({ where: { id: listingId }, include: { dimensions: true, catalogState: true } });
    if (!listing) return null;
    return { listing: withParsedCatalogState(listing), content: contentOf(listing) };
  }

  /** Makes the product's record say what the marketplace says, and remembers it as agreed. */
  async importListing(cloud: Cloud, m: MarketplaceListing, syncedHash: string, reason: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const listing = await tx.listing.upsert({
        where: { cloud_productId: { cloud, productId: m.productId } },
        create: { cloud, productId: m.productId, productCode: m.productCode, title: m.content.title },
        update: { productCode: m.productCode ?? undefined, title: m.content.title },
      });
      const keys = m.content.dimensions.map((d) => d.key);
      // The catalog is the source of the dimension list on import; offers keep their own copy of prices.
      await tx.listingDimension.deleteMany({ where: { listingId: listing.id, key: { notIn: keys } } });
      for (const d of m.content.dimensions) {
        const data = { name: d.name, unit: d.unit, unitPrice: new Prisma.Decimal(d.price ?? '0'), currency: d.currency };
        await tx.listingDimension.upsert({
          where: { listingId_key: { listingId: listing.id, key: d.key } },
          create: { listingId: listing.id, key: d.key, ...data },
          update: data,
        });
      }
      await this.saveState(tx, listing.id, m, syncedHash, null);
      await tx.auditEntry.create({
        data: {
          actor: ACTOR,
          action: 'listing.imported',
          entityType: 'listing',
          entityId: listing.id,
          reason,
          data: { productId: m.productId, content: listingContentSchema.parse(m.content) },
        },
      });
    });
  }

  /** Remembers the marketplace's version without touching the product's record. */
  async recordState(listingId: string, m: MarketplaceListing, syncedHash: string, drift: string[] | null): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await this.saveState(tx, listingId, m, syncedHash, drift);
      if (drift)
        await tx.auditEntry.create({
          data: { actor: ACTOR, action: 'listing.drift-detected', entityType: 'listing', entityId: listingId, reason: drift.join('; ') },
        });
    });
  }

  private async saveState(
    tx: Prisma.TransactionClient,
    listingId: string,
    m: MarketplaceListing,
    syncedHash: string,
    drift: string[] | null,
  ) {
    const data = {
      entityArn: m.entityArn,
      marketplaceModifiedAt: m.lastModifiedDate,
      syncedHash,
      // Checked as written, so the push reads back exactly this shape.
      marketplaceSnapshot: listingSnapshotSchema.parse({ ...m.content, publicOfferId: m.publicOfferId }),
      drift: drift ?? Prisma.DbNull,
      driftDetectedAt: drift ? new Date() : null,
      syncedAt: new Date(),
    };
    await tx.listingCatalogState.upsert({ where: { listingId }, create: { listingId, ...data }, update: data });
  }

  /** Records a push as a change set for private-offers to send; one open push per listing. */
  async recordPush(input: {
    listingId: string;
    productId: string;
    changes: CatalogChange[];
    actor: string;
    reason: string;
  }): Promise<{ id: string; created: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`listing-push:${input.listingId}`}))`;
      const open = await tx.catalogChangeSet.findFirst({
        where: { subjectType: 'listing', subjectId: input.listingId, status: { in: ['PENDING', 'PREPARING', 'APPLYING'] } },
        select: { id: true },
      });
      if (open) return { id: open.id, created: false };
      const row = await tx.catalogChangeSet.create({
        data: {
          cloud: 'AWS',
          purpose: 'LISTING_PUSH',
          subjectType: 'listing',
          subjectId: input.listingId,
          lockKey: input.productId,
          name: `listing ${input.productId}`,
          changes: storedChanges(input.changes),
          createdBy: input.actor,
          reason: input.reason,
        },
      });
      await tx.auditEntry.create({
        data: {
          actor: input.actor,
          action: 'listing.push-requested',
          entityType: 'listing',
          entityId: input.listingId,
          reason: input.reason,
          data: { changeSetId: row.id },
        },
      });
      return { id: row.id, created: true };
    });
  }

  changeSet(id: string) {
    return this.prisma.catalogChangeSet.findUnique({ where: { id }, select: { status: true } });
  }
}

function contentOf(listing: {
  title: string;
  dimensions: { key: string; name: string; unit: string; unitPrice: Prisma.Decimal; currency: string }[];
}): ListingContent {
  return {
    title: listing.title,
    dimensions: listing.dimensions.map((d) => ({
      key: d.key,
      name: d.name,
      unit: d.unit,
      price: d.unitPrice.toFixed(),
      currency: d.currency,
    })),
  };
}
