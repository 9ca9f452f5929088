import type { z } from 'zod';
import type { MarketplaceTerms } from '@bridge/marketplace';
import type { marketplaceTermsView, termAcceptanceView } from './marketplace-terms.schemas';

interface AcceptanceRow {
  acceptedBy: string;
  acceptedAt: Date;
  offerType: string;
  azureSubscriptionId: string;
  publisherId: string;
  offerId: string;
  planId: string;
  agreementId: string;
  licenseTextLink: string | null;
  privacyPolicyLink: string | null;
  marketplaceTermsLink: string | null;
  retrievedAt: Date | null;
}

/** Evidence of accepted terms, as a registration shows it. */
export function presentTermAcceptance(row: AcceptanceRow): z.output<typeof termAcceptanceView> {
  return {
    acceptedBy: row.acceptedBy,
    acceptedAt: row.acceptedAt.toISOString(),
    azureSubscriptionId: row.azureSubscriptionId,
    offerType: row.offerType,
    publisherId: row.publisherId,
    offerId: row.offerId,
    planId: row.planId,
    agreementId: row.agreementId,
    licenseTextLink: row.licenseTextLink,
    privacyPolicyLink: row.privacyPolicyLink,
    marketplaceTermsLink: row.marketplaceTermsLink,
    acceptedOnAzureAt: row.retrievedAt?.toISOString() ?? null,
  };
}

/** The plan's terms as Azure answers them now. */
export function presentMarketplaceTerms(terms: MarketplaceTerms): z.output<typeof marketplaceTermsView> {
  return {
    azureSubscriptionId: terms.subscriptionId,
    offerType: terms.offerType,
    publisherId: terms.publisherId,
    offerId: terms.offerId,
    planId: terms.planId,
    agreementId: terms.agreementId,
    accepted: terms.accepted,
    acceptedOnAzureAt: terms.acceptedAt?.toISOString() ?? null,
    licenseTextLink: terms.licenseTextLink,
    privacyPolicyLink: terms.privacyPolicyLink,
    marketplaceTermsLink: terms.marketplaceTermsLink,
  };
}
