import type { MarketplacePlanRef, MarketplaceTerms } from './marketplace-terms.schemas';

/** A deployable plan's terms on a customer's Azure subscription (Marketplace Ordering), read and accepted. */
export interface MarketplaceOrderingApi {
  getTerms(ref: MarketplacePlanRef): Promise<MarketplaceTerms>;
  /** Accepts the terms read just now (their signature names which terms). */
  acceptTerms(ref: MarketplacePlanRef, read: MarketplaceTerms): Promise<MarketplaceTerms>;
}

export const MARKETPLACE_ORDERING_API = Symbol('MARKETPLACE_ORDERING_API');
