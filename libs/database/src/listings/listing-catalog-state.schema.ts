import { z } from 'zod';
import { parseStoredJson } from '../stored-json';

/**
 * The JSON columns of listing_catalog_state: what the marketplace said about
 * a listing at the last sync. Listing sync writes them; it and the API read them.
 */

/** A listing's content as both sides hold it: title and dimensions, prices as decimal strings. */
export const listingContentSchema = z.object({
  title: z.string(),
  dimensions: z.array(
    z.object({ key: z.string(), name: z.string(), unit: z.string(), price: z.string().nullable(), currency: z.string() }),
  ),
});

/** The marketplace's version at the last sync, with the public offer its prices came from. */
export const listingSnapshotSchema = listingContentSchema.extend({ publicOfferId: z.string().nullable() });
export type ListingSnapshot = z.infer<typeof listingSnapshotSchema>;

/** Differences between the product's record and the marketplace, in words, when both changed. */
export const listingDriftSchema = z.array(z.string());

/** A listing_catalog_state row with its JSON columns parsed (keyed by the listing's id). */
export function parsedListingCatalogState<T extends { listingId: string; marketplaceSnapshot: unknown; drift: unknown }>(row: T) {
  const at = (field: string) => ({ table: 'listing_catalog_state', id: row.listingId, field });
  return {
    ...row,
    marketplaceSnapshot: parseStoredJson(listingSnapshotSchema, row.marketplaceSnapshot, at('marketplace_snapshot')),
    drift: parseStoredJson(listingDriftSchema.nullable(), row.drift, at('drift')),
  };
}

/** A listing read with its catalog state: the state's JSON parsed. */
export function withParsedCatalogState<T extends { catalogState: Parameters<typeof parsedListingCatalogState>[0] | null }>(listing: T) {
  return { ...listing, catalogState: listing.catalogState && parsedListingCatalogState(listing.catalogState) };
}
