import { Injectable } from '@nestjs/common';
import { AzureHttpClient } from './azure-http.client';
import type { AzureListingApi } from './product-listing.port';
import {
  durableIdsOf,
  PRODUCT_VERSION,
  productListingOf,
  productQuerySchema,
  RESOURCE_TREE_VERSION,
  resourceTreeSchema,
  type AzureDurableIds,
  type AzureProductListing,
  type ResourceTree,
} from './product-ingestion.schemas';

/**
 * Reads an Azure offer from the Product Ingestion API: its durable id from
 * its external id (the offer id), then its live resource tree, for listing
 * sync (plans and prices) and for publishing (the durable ids private offers
 * name their product and plans by).
 */
@Injectable()
export class AzureProductListingClient implements AzureListingApi {
  constructor(private readonly http: AzureHttpClient) {}

  /** Null when Partner Center has no product with that offer id. */
  async read(offerId: string): Promise<AzureProductListing | null> {
    const tree = await this.liveTree(offerId);
    return tree ? productListingOf(tree) : null;
  }

  /** Null when Partner Center has no product with that offer id. */
  async durableIds(offerId: string): Promise<AzureDurableIds | null> {
    const tree = await this.liveTree(offerId);
    return tree ? durableIdsOf(tree) : null;
  }

  private async liveTree(offerId: string): Promise<ResourceTree | null> {
    const found = await this.http.call({
      method: 'GET',
      api: { productIngestion: { version: PRODUCT_VERSION } },
      path: `/product?externalID=${encodeURIComponent(offerId)}`,
      schema: productQuerySchema,
    });
    const product = found.body.value[0];
    if (!product) return null;
    const tree = await this.http.call({
      method: 'GET',
      api: { productIngestion: { version: RESOURCE_TREE_VERSION } },
      path: `/resource-tree/${product.id}?targetType=live`,
      schema: resourceTreeSchema,
    });
    return tree.body;
  }
}
