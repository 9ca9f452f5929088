import {
  azureCustomerOfferChanges,
  azureMpoOriginatorChanges,
  azureMpoSellerChanges,
  azureWithdrawChanges,
  type AzurePlanPrice,
  type CatalogChange,
} from '@bridge/marketplace';
import type { Eula, StoredPrice } from '@bridge/database';
import type { DraftedOffer } from './offer.repository';

const day = (at: Date) => at.toISOString().slice(0, 10);

/** When the private prices end: the offer's term (durationMonths) counted from the last day it can be accepted. */
export function azurePriceEnd(acceptBy: Date, durationMonths: number): string {
  const end = new Date(acceptBy);
  end.setUTCMonth(end.getUTCMonth() + durationMonths);
  return day(end);
}

/** The stored prices with each plan's billing term, as the listing records it (its dimensions are the plans, `unit` "plan P1M per seat"). */
export function azurePlanPrices(prices: StoredPrice[], plans: { key: string; unit: string }[]): AzurePlanPrice[] {
  return prices.map((p) => ({
    planId: p.key,
    price: p.price,
    term: plans.find((d) => d.key === p.key)?.unit.includes('P1Y') ? 'P1Y' : 'P1M',
  }));
}

const termsUrl = (eula: Eula) => (eula.type === 'CustomEula' ? eula.url : null);

/**
 * The configure request that publishes an Azure draft: a customer private
 * offer with its plan prices, or the selling partner's part of a multiparty
 * private offer the ISV originated (its markup over the originator's prices).
 */
export function azurePublishChanges(offer: DraftedOffer): CatalogChange[] {
  const { terms } = offer;
  const acceptBy = offer.expiresAt!;
  const end = azurePriceEnd(acceptBy, terms.durationMonths);
  const { prices } = terms;
  if (offer.kind === 'CHANNEL') {
    return azureMpoSellerChanges({
      privateOfferId: offer.resaleAuthorizationId!,
      name: terms.name,
      productId: offer.listing.productId,
      planIds: prices.map((p) => p.key),
      markupPercent: terms.markupPercent!.toString(),
      end,
      acceptBy: day(acceptBy),
      preparedBy: terms.preparedBy!,
    });
  }
  return azureCustomerOfferChanges({
    productId: offer.listing.productId,
    name: terms.name,
    beneficiaries: offer.buyerAccounts,
    end,
    acceptBy: day(acceptBy),
    termsUrl: termsUrl(terms.eula),
    prices: azurePlanPrices(prices, offer.listing.dimensions),
    preparedBy: terms.preparedBy!,
  });
}

/** Withdraws a published Azure offer, as the party that published it. */
export function azureWithdrawOfferChanges(offer: DraftedOffer): CatalogChange[] {
  return azureWithdrawChanges({
    privateOfferId: offer.marketplaceOfferId!,
    name: offer.terms.name,
    privateOfferType: offer.kind === 'CHANNEL' ? 'multipartyPromotionChannelPartner' : 'customerPromotion',
  });
}

/** The ISV's authorisation of a reseller on Azure: the originator's part of a multiparty private offer. */
export function azureResaleAuthorizationChanges(input: {
  productId: string;
  name: string;
  buyerAccounts: string[];
  expiresAt: Date;
  durationMonths: number;
  eula: Eula;
  prices: StoredPrice[];
  plans: { key: string; unit: string }[];
  partner: { id: string; name: string };
}): CatalogChange[] {
  return azureMpoOriginatorChanges({
    productId: input.productId,
    name: input.name,
    beneficiaries: input.buyerAccounts,
    end: azurePriceEnd(input.expiresAt, input.durationMonths),
    acceptBy: day(input.expiresAt),
    termsUrl: termsUrl(input.eula),
    prices: azurePlanPrices(input.prices, input.plans),
    partner: input.partner,
  });
}
