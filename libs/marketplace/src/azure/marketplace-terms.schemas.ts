import { z } from 'zod';

/** The only offer type Marketplace Ordering knows (KnownOfferType of the REST reference): VM and managed-application plans. */
export const MARKETPLACE_OFFER_TYPES = ['virtualmachine'] as const;
export type MarketplaceOfferType = (typeof MARKETPLACE_OFFER_TYPES)[number];

/**
 * AgreementTerms, as "Marketplace Agreements - Get" and "- Create" answer
 * it (REST reference 2021-01-01), after the SDK lifts `properties` to the
 * top level. Every property is optional in the reference; the ones the
 * product records as evidence must be there.
 */
export const agreementTermsSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  type: z.string().optional(),
  publisher: z.string().min(1),
  product: z.string().min(1),
  plan: z.string().min(1),
  licenseTextLink: z.string().optional(),
  privacyPolicyLink: z.string().optional(),
  marketplaceTermsLink: z.string().optional(),
  // The SDK turns the wire's ISO text into a Date.
  retrieveDatetime: z.union([z.date(), z.string()]).optional(),
  signature: z.string().optional(),
  accepted: z.boolean(),
});

/** A deployable plan's terms on one Azure subscription. */
export interface MarketplaceTerms {
  subscriptionId: string;
  offerType: MarketplaceOfferType;
  /** The agreement resource's id as Azure returned it. */
  agreementId: string;
  publisherId: string;
  offerId: string;
  planId: string;
  licenseTextLink: string | null;
  privacyPolicyLink: string | null;
  marketplaceTermsLink: string | null;
  signature: string | null;
  accepted: boolean;
  /** retrieveDatetime as answered (sent back with an acceptance, as the Create example does). */
  retrieveDatetime: Date | null;
  /** When accepted, when (retrieveDatetime); else null. */
  acceptedAt: Date | null;
}

/** Which plan's terms, on which customer subscription. */
export interface MarketplacePlanRef {
  subscriptionId: string;
  offerType: MarketplaceOfferType;
  publisherId: string;
  offerId: string;
  planId: string;
}
