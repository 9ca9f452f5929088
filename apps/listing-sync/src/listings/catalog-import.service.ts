import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CATALOG_API,
  listingPushChanges,
  parsePublicOffer,
  parseSaaSProduct,
  type CatalogApi,
  type CatalogPublicOffer,
} from '@bridge/marketplace';
import { JobProducer } from '@bridge/queues';
import { contentHash, decideDrift, differences } from './listing-content';
import { ListingCatalogRepository, type MarketplaceListing } from './listing-catalog.repository';

const PRODUCT = 'SaaSProduct';

/**
 * Imports the seller's products (and, on a full sync, the prices of their
 * public offers) from the AWS Marketplace Catalog API, and pushes the
 * product's edits back. Incremental: the summaries are paged through
 * (ListEntities, 50 a page) and only entities whose LastModifiedDate moved
 * are described again.
 */
@Injectable()
export class CatalogImportService {
  private readonly logger = new Logger(CatalogImportService.name);

  constructor(
    private readonly listings: ListingCatalogRepository,
    private readonly jobs: JobProducer,
    @Inject(CATALOG_API) private readonly catalog: CatalogApi,
  ) {}

  async sync(full: boolean): Promise<{ described: number; imported: number; pushed: number; conflicts: number }> {
    const known = await this.listings.knownVersions('AWS');
    // A product's DescribeEntity has no prices: they are its public offer's, read once per sync and only when a product is described.
    let prices: Map<string, CatalogPublicOffer> | null = null;
    const tally = { described: 0, imported: 0, pushed: 0, conflicts: 0 };
    let nextToken: string | undefined;
    do {
      const page = await this.catalog.listEntities(PRODUCT, { nextToken });
      for (const summary of page.entities) {
        if (!full && known.has(summary.entityId) && known.get(summary.entityId) === summary.lastModifiedDate) continue;
        tally.described += 1;
        prices ??= await this.publicOfferPrices();
        const action = await this.reconcile(summary.entityId, prices.get(summary.entityId) ?? null, 'scheduled sync');
        if (action === 'IMPORT') tally.imported += 1;
        if (action === 'PUSH') tally.pushed += 1;
        if (action === 'CONFLICT') tally.conflicts += 1;
      }
      nextToken = page.nextToken ?? undefined;
    } while (nextToken);
    if (tally.described) this.logger.log(`catalog sync: ${JSON.stringify(tally)}`);
    return tally;
  }

  /** Reads one product from the catalog and settles it against the product's record. */
  async reconcile(productId: string, publicOffer: CatalogPublicOffer | null, why: string, pushFailed = false): Promise<string> {
    const marketplace = await this.describe(productId, publicOffer);
    const local = await this.listings.load('AWS', productId);
    const synced = local?.listing.catalogState?.syncedHash ?? null;
    const decision = decideDrift(local?.content ?? null, marketplace.content, synced);
    const marketHash = contentHash(marketplace.content);
    switch (decision.action) {
      case 'IMPORT':
        await this.listings.importListing('AWS', marketplace, marketHash, `${why}: ${decision.reason}`);
        break;
      case 'IN_SYNC':
        await this.listings.recordState(local!.listing.id, marketplace, marketHash, null);
        break;
      case 'PUSH':
        if (pushFailed) {
          await this.listings.recordState(local!.listing.id, marketplace, synced!, [
            "the marketplace refused the product's edits",
            ...differences(local!.content, marketplace.content),
          ]);
          return 'CONFLICT';
        }
        await this.listings.recordState(local!.listing.id, marketplace, synced!, null);
        await this.jobs.enqueue('listing.push', { listingId: local!.listing.id, actor: 'listing-sync' });
        break;
      case 'CONFLICT':
        await this.listings.recordState(local!.listing.id, marketplace, synced!, decision.differences);
        break;
    }
    return decision.action;
  }

  /** Sends the product's version of a listing to the catalog as one change set (through private-offers). */
  async push(listingId: string, actor: string): Promise<void> {
    const found = await this.listings.loadById(listingId);
    const state = found?.listing.catalogState;
    if (!found || !state) return; // never imported: nothing in the catalog to change
    const snapshot = state.marketplaceSnapshot;
    const local = found.content;
    const priceChanged = local.dimensions.filter((d) => {
      const m = snapshot.dimensions.find((x) => x.key === d.key);
      return !m || contentHash({ title: '', dimensions: [d] }) !== contentHash({ title: '', dimensions: [m] });
    });
    // UpdateDimensions changes an existing dimension's name and description only; its unit is fixed once created.
    const renamed = local.dimensions.filter((d) => {
      const m = snapshot.dimensions.find((x) => x.key === d.key);
      return m && m.name !== d.name;
    });
    const changes = listingPushChanges(found.listing.productId, {
      title: local.title !== snapshot.title ? local.title : undefined,
      dimensions: renamed.length ? renamed.map((d) => ({ key: d.key, name: d.name, types: ['ExternallyMetered'] })) : undefined,
      publicOffer:
        snapshot.publicOfferId && priceChanged.length
          ? {
              offerId: snapshot.publicOfferId,
              currency: local.dimensions[0]?.currency ?? 'USD',
              prices: local.dimensions.map((d) => ({ key: d.key, price: d.price ?? '0' })),
            }
          : undefined,
    });
    if (changes.length === 0) return;
    const recorded = await this.listings.recordPush({
      listingId,
      productId: found.listing.productId,
      changes,
      actor,
      reason: differences(local, snapshot).join('; '),
    });
    if (recorded.created) await this.jobs.enqueue('catalog-change.submit', { changeSetId: recorded.id });
  }

  /** After a push: read the product back; a refused push is reported as drift, never pushed again in a loop. */
  async pushFinished(listingId: string, changeSetId: string): Promise<void> {
    const [found, changeSet] = await Promise.all([this.listings.loadById(listingId), this.listings.changeSet(changeSetId)]);
    if (!found) return;
    const publicOffer = (await this.publicOfferPrices()).get(found.listing.productId) ?? null;
    await this.reconcile(found.listing.productId, publicOffer, 'after push', changeSet?.status !== 'SUCCEEDED');
  }

  private async describe(productId: string, publicOffer: CatalogPublicOffer | null): Promise<MarketplaceListing> {
    const entity = await this.catalog.describeEntity(productId);
    const product = parseSaaSProduct(entity);
    const currency = publicOffer?.currency ?? 'USD';
    return {
      productId,
      productCode: product.productCode,
      entityArn: entity.entityArn,
      lastModifiedDate: entity.lastModifiedDate,
      publicOfferId: publicOffer?.offerId ?? null,
      content: {
        title: product.title,
        dimensions: product.dimensions.map((d) => ({
          key: d.key,
          name: d.name,
          unit: d.unit,
          price: publicOffer?.prices.find((p) => p.key === d.key)?.price ?? '0',
          currency,
        })),
      },
    };
  }

  /** The public offer of each product, by product id (released offers whose TargetingRule names no buyer). */
  private async publicOfferPrices(): Promise<Map<string, CatalogPublicOffer>> {
    const found = new Map<string, CatalogPublicOffer>();
    let nextToken: string | undefined;
    do {
      const page = await this.catalog.listEntities('Offer', { nextToken });
      for (const summary of page.entities) {
        const offer = parsePublicOffer(await this.catalog.describeEntity(summary.entityId));
        if (offer && offer.prices.length && !found.has(offer.productId)) found.set(offer.productId, offer);
      }
      nextToken = page.nextToken ?? undefined;
    } while (nextToken);
    return found;
  }
}
