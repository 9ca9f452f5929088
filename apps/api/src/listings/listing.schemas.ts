import { z } from 'zod';
import { instant, jsonValue, pageSchema } from '../http/response.schemas';

/** A listing as imported from its catalog, with its commit eligibility, dimensions and drift. */
export const listingView = z.object({
  id: z.uuid(),
  cloud: z.enum(['AWS', 'AZURE', 'GCP']),
  productId: z.string(),
  productCode: z.string().nullable(),
  title: z.string(),
  azureBenefitEligible: z.boolean(),
  commitEligibleSince: instant.nullable(),
  commitEligibility: z.object({
    deployedOnAws: z.boolean(),
    azureBenefitEligible: z.boolean(),
    gcpCommitEligible: z.boolean(),
    commitEligibleSince: instant.nullable(),
  }),
  dimensions: z.array(z.object({ key: z.string(), name: z.string(), unit: z.string(), price: z.string(), currency: z.string() })),
  sync: z
    .object({
      syncedAt: instant,
      marketplaceModifiedAt: z.string().nullable(),
      drift: jsonValue,
      driftDetectedAt: instant.nullable(),
    })
    .nullable(),
});
export type ListingView = z.output<typeof listingView>;
export const listingsPage = pageSchema('listings', listingView);
export const syncQueuedView = z.object({ accepted: z.literal(true), full: z.boolean() });
