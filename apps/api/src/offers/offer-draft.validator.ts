import { parseDecimalToMinor } from '@bridge/domain';
import type { FieldProblem } from '../http/api-error';

interface ListingFacts {
  id: string;
  dimensions: { key: string; currency: string }[];
}

interface DraftFacts {
  prices?: { dimension: string; price: string }[];
  currency: string;
  pricingModel?: string;
  paymentSchedule?: { chargeDate: string; amount?: string }[];
  durationMonths: number;
}

/**
 * The checks a draft needs the listing for: every priced dimension exists on
 * it and is sold in the offer's currency; a payment schedule falls before the
 * offer's contract ends; what makes up the contract's value (instalments, a
 * contract's prices) is in whole minor units of the currency, since that is
 * what the buyer is charged and what the contract value is summed from
 * (a per-unit usage price may be finer). Nothing here calls the marketplace.
 */
export function listingProblems(listing: ListingFacts, draft: DraftFacts, pathPrefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const keys = listing.dimensions.map((d) => d.key);
  (draft.prices ?? []).forEach((p, i) => {
    const dimension = listing.dimensions.find((d) => d.key === p.dimension);
    if (!dimension) {
      problems.push({
        field: `${pathPrefix}prices.${i}.dimension`,
        reason: `"${p.dimension}" is not a dimension of this listing (it has: ${keys.join(', ') || 'none'})`,
      });
    } else if (dimension.currency.trim() !== draft.currency) {
      problems.push({
        field: `${pathPrefix}currency`,
        reason: `the listing sells ${p.dimension} in ${dimension.currency.trim()}, not ${draft.currency}`,
      });
    }
  });
  const today = new Date().toISOString().slice(0, 10);
  const contractEnd = new Date();
  contractEnd.setUTCMonth(contractEnd.getUTCMonth() + draft.durationMonths + 1);
  (draft.paymentSchedule ?? []).forEach((s, i) => {
    if (s.chargeDate < today) problems.push({ field: `${pathPrefix}paymentSchedule.${i}.chargeDate`, reason: 'must not be in the past' });
    if (new Date(s.chargeDate) > contractEnd)
      problems.push({ field: `${pathPrefix}paymentSchedule.${i}.chargeDate`, reason: 'falls after the contract ends' });
    if (s.amount !== undefined) problems.push(...wholeMinorUnits(`${pathPrefix}paymentSchedule.${i}.amount`, s.amount, draft.currency));
  });
  if (draft.pricingModel === 'Contract' && !draft.paymentSchedule) {
    (draft.prices ?? []).forEach((p, i) => problems.push(...wholeMinorUnits(`${pathPrefix}prices.${i}.price`, p.price, draft.currency)));
  }
  return problems;
}

function wholeMinorUnits(field: string, amount: string, currency: string): FieldProblem[] {
  try {
    parseDecimalToMinor(amount, currency);
    return [];
  } catch (error) {
    return [{ field, reason: (error as Error).message.replace(/; pass a rounding mode to round it$/, '') }];
  }
}

interface ResaleGrantFacts {
  state: string;
  marketplaceId: string | null;
  expiresAt: Date;
  listing: { productId: string };
}

/**
 * The checks a channel offer needs its resale authorization for: it is
 * active on the marketplace, outlives the offer and, for a replacement, is
 * for the replaced agreement's product (AWS: INCOMPATIBLE_RESALE_AUTHORIZATION).
 */
export function resaleGrantProblems(
  grant: ResaleGrantFacts | null,
  offer: { expiresAt: Date; productId?: string },
  notFound: string,
): FieldProblem[] {
  if (!grant) return [{ field: 'resaleAuthorizationId', reason: notFound }];
  if (grant.state !== 'ACTIVE' || !grant.marketplaceId)
    return [{ field: 'resaleAuthorizationId', reason: `the authorization is ${grant.state.toLowerCase()}, not active` }];
  if (offer.productId && grant.listing.productId !== offer.productId) {
    return [
      {
        field: 'resaleAuthorizationId',
        reason: `the authorization is for product ${grant.listing.productId}, the agreement for ${offer.productId}`,
      },
    ];
  }
  if (offer.expiresAt > grant.expiresAt)
    return [{ field: 'expiresAt', reason: `must not be after the authorization expires (${grant.expiresAt.toISOString()})` }];
  return [];
}
