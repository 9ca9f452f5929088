import type { AzureDurableIds, AzureProductListing } from './product-ingestion.schemas';

/** An Azure offer's live plans and prices, as Partner Center holds them. */
export interface AzureListingApi {
  /** Null when Partner Center has no product with that offer id. */
  read(offerId: string): Promise<AzureProductListing | null>;
  /** The durable ids of the product and its plans (what configure requests name); null when Partner Center has no such product. */
  durableIds(offerId: string): Promise<AzureDurableIds | null>;
}

export const AZURE_LISTING_API = Symbol('AZURE_LISTING_API');
