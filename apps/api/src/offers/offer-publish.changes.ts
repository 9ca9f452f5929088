import {
  channelOfferChanges,
  channelReplacementOfferChanges,
  privateOfferChanges,
  replacementOfferChanges,
  type CatalogChange,
} from '@bridge/marketplace';
import { azurePublishChanges } from './azure-offer.changes';
import type { DraftedOffer } from './offer.repository';

/**
 * The change set that publishes a draft, by what it is: a direct or a
 * channel offer, each either a first sale to its buyer accounts or the
 * replacement of an agreement (whose buyer AWS targets itself).
 */
export function publishChanges(offer: DraftedOffer): CatalogChange[] {
  if (offer.cloud === 'AZURE') return azurePublishChanges(offer);
  const { terms } = offer;
  const replaced = offer.replacesAgreement;
  const replacing = replaced ? { agreementId: replaced.marketplaceAgreementId, agreementEndDate: terms.agreementEndDate! } : null;
  if (offer.kind === 'CHANNEL') {
    const channel = {
      resaleAuthorizationId: offer.resaleAuthorizationId!,
      name: terms.name,
      markupPercent: terms.markupPercent!.toString(),
      expiresAt: offer.expiresAt!,
    };
    return replacing
      ? channelReplacementOfferChanges({ ...channel, ...replacing })
      : channelOfferChanges({ ...channel, buyerAccounts: offer.buyerAccounts });
  }
  const direct = {
    name: terms.name,
    pricingModel: terms.pricingModel as 'Usage' | 'Contract',
    prices: terms.prices,
    currency: offer.currency,
    durationMonths: terms.durationMonths,
    paymentSchedule: terms.paymentSchedule,
    eula: terms.eula,
    expiresAt: offer.expiresAt!,
  };
  return replacing
    ? replacementOfferChanges({ ...direct, ...replacing })
    : privateOfferChanges({ ...direct, productId: offer.listing.productId, buyerAccounts: offer.buyerAccounts });
}
