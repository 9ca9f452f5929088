import { Prisma, type Eula, type StoredPrice } from '@bridge/database';
import { pricedTermsValue } from '@bridge/domain';

type OfferRecord = Omit<Prisma.OfferUncheckedCreateInput, 'buyerAccounts' | 'expiresAt' | 'currency'>;
type TermsRecord = Omit<Prisma.OfferTermsUncheckedCreateInput, 'offerId'>;

interface DirectTerms {
  name: string;
  preparedBy?: string;
  pricingModel: 'Usage' | 'Contract';
  prices?: { dimension: string; price: string }[];
  currency: string;
  durationMonths: number;
  paymentSchedule?: { chargeDate: string; amount: string }[];
  eula: Eula;
}

interface ResaleGrant {
  id: string;
  cloud: Prisma.OfferUncheckedCreateInput['cloud'];
  listingId: string;
  resellerPartnerId: string;
  marketplaceId: string | null;
  prices: StoredPrice[];
  durationMonths: number;
  eula: Eula;
}

/**
 * What a new draft records, for a direct offer or a channel one: the same
 * whether it is a first sale or the replacement of an agreement.
 */
export function directDraft(
  listing: { id: string; cloud: Prisma.OfferUncheckedCreateInput['cloud'] },
  input: DirectTerms,
  partnerId: string | null,
  actor: string,
): { offer: OfferRecord; terms: TermsRecord } {
  const prices: StoredPrice[] = input.prices!.map((p) => ({ key: p.dimension, price: p.price }));
  return {
    offer: { cloud: listing.cloud, kind: 'PRIVATE', listingId: listing.id, partnerId, contractValueMinor: pricedTermsValue(input) },
    terms: {
      name: input.name,
      pricingModel: input.pricingModel,
      prices,
      durationMonths: input.durationMonths,
      paymentSchedule: input.paymentSchedule ?? Prisma.DbNull,
      eula: input.eula,
      preparedBy: input.preparedBy ?? null,
      createdBy: actor,
    },
  };
}

/** A channel offer is the reseller's, from its authorization: the authorization's product, prices, duration and EULA, plus the markup. */
export function channelDraft(
  grant: ResaleGrant,
  input: { name: string; markupPercent?: string; preparedBy?: string },
  actor: string,
): { offer: OfferRecord; terms: TermsRecord } {
  return {
    offer: {
      cloud: grant.cloud,
      kind: 'CHANNEL',
      listingId: grant.listingId,
      partnerId: grant.resellerPartnerId,
      resaleAuthorizationId: grant.marketplaceId,
    },
    terms: {
      name: input.name,
      pricingModel: 'Usage',
      prices: grant.prices,
      durationMonths: grant.durationMonths,
      eula: grant.eula,
      markupPercent: new Prisma.Decimal(input.markupPercent!),
      resaleGrantId: grant.id,
      preparedBy: input.preparedBy ?? null,
      createdBy: actor,
    },
  };
}
