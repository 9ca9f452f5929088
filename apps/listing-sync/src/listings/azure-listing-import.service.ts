import { Inject, Injectable, Logger } from '@nestjs/common';
import { azurePlanUnit } from '@bridge/domain';
import { AZURE_LISTING_API, type AzureListingApi, type AzureProductListing } from '@bridge/marketplace';
import { contentHash, decideDrift, differences } from './listing-content';
import { ListingCatalogRepository, type MarketplaceListing } from './listing-catalog.repository';

/**
 * Imports the plans and public prices of the product's Azure offers from the
 * Product Ingestion API, and reports drift as the AWS import does. An edit
 * made only in the product is reported, not sent: Azure offers are published
 * from Partner Center, and a plan's price changes there after a review.
 */
@Injectable()
export class AzureListingImportService {
  private readonly logger = new Logger(AzureListingImportService.name);

  constructor(
    private readonly listings: ListingCatalogRepository,
    @Inject(AZURE_LISTING_API) private readonly client: AzureListingApi,
  ) {}

  async sync(): Promise<{ imported: number; drifted: number }> {
    const tally = { imported: 0, drifted: 0 };
    for (const offerId of (await this.listings.knownVersions('AZURE')).keys()) {
      const product = await this.client.read(offerId);
      if (!product) continue;
      const action = await this.reconcile(offerId, product);
      if (action === 'IMPORT') tally.imported += 1;
      if (action === 'CONFLICT' || action === 'PUSH') tally.drifted += 1;
    }
    if (tally.imported || tally.drifted) this.logger.log(`Azure listing sync: ${JSON.stringify(tally)}`);
    return tally;
  }

  private async reconcile(offerId: string, product: AzureProductListing): Promise<string> {
    const marketplace = listingOf(offerId, product);
    const local = await this.listings.load('AZURE', offerId);
    const synced = local?.listing.catalogState?.syncedHash ?? null;
    const decision = decideDrift(local?.content ?? null, marketplace.content, synced);
    const marketHash = contentHash(marketplace.content);
    switch (decision.action) {
      case 'IMPORT':
        await this.listings.importListing('AZURE', marketplace, marketHash, `Azure sync: ${decision.reason}`);
        break;
      case 'IN_SYNC':
        await this.listings.recordState(local!.listing.id, marketplace, marketHash, null);
        break;
      case 'PUSH':
        await this.listings.recordState(local!.listing.id, marketplace, synced!, [
          'changed in the product only: publish the change in Partner Center',
          ...differences(local!.content, marketplace.content),
        ]);
        break;
      case 'CONFLICT':
        await this.listings.recordState(local!.listing.id, marketplace, synced!, decision.differences);
        break;
    }
    return decision.action;
  }
}

/** The offer as the listing records it: one dimension per plan, keyed by plan id, its unit the plan's term and seats. */
function listingOf(offerId: string, product: AzureProductListing): MarketplaceListing {
  return {
    productId: offerId,
    productCode: null,
    entityArn: product.durableId,
    lastModifiedDate: null,
    publicOfferId: null,
    content: {
      title: product.title,
      dimensions: product.plans.map((p) => ({
        key: p.planId,
        name: p.name,
        unit: azurePlanUnit(p.term, p.perSeat),
        price: p.price,
        currency: 'USD',
      })),
    },
  };
}
