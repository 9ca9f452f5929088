import { Injectable } from '@nestjs/common';
import { AzureHttpClient } from './azure-http.client';
import type { AzureListingApi } from './product-listing.port';
import {
  PRODUCT_VERSION,
  productListingOf,
  productQuerySchema,
  RESOURCE_TREE_VERSION,
  resourceTreeSchema,
  type AzureProductListing,
} from './product-ingestion.schemas';

/**
 * Reads an Azure offer's plans and prices from the Product Ingestion API:
 * its durable id from its external id (the offer id), then its live
 * resource tree.
 */
@Injectable()
export class AzureProductListingClient implements AzureListingApi {
  constructor(private readonly http: AzureHttpClient) {}

  /** Null when Partner Center has no product with that offer id. */
  async read(offerId: string): Promise<AzureProductListing | null> {
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
    return productListingOf(tree.body);
  }
}
