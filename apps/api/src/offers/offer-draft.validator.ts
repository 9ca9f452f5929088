import type { FieldProblem } from '../http/api-error';

interface ListingFacts {
  id: string;
  dimensions: { key: string; currency: string }[];
}

/**
 * The checks a draft needs the listing for: every priced dimension exists on
 * it and is sold in the offer's currency; a payment schedule falls before the
 * offer's contract ends. Nothing here calls the marketplace.
 */
export function listingProblems(
  listing: ListingFacts,
  draft: { prices?: { dimension: string; price: string }[]; currency: string; paymentSchedule?: { chargeDate: string }[]; durationMonths: number },
  pathPrefix = '',
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const keys = listing.dimensions.map((d) => d.key);
  (draft.prices ?? []).forEach((p, i) => {
    const dimension = listing.dimensions.find((d) => d.key === p.dimension);
    if (!dimension) {
      problems.push({ field: `${pathPrefix}prices.${i}.dimension`, reason: `"${p.dimension}" is not a dimension of this listing (it has: ${keys.join(', ') || 'none'})` });
    } else if (dimension.currency.trim() !== draft.currency) {
      problems.push({ field: `${pathPrefix}currency`, reason: `the listing sells ${p.dimension} in ${dimension.currency.trim()}, not ${draft.currency}` });
    }
  });
  const today = new Date().toISOString().slice(0, 10);
  const contractEnd = new Date();
  contractEnd.setUTCMonth(contractEnd.getUTCMonth() + draft.durationMonths + 1);
  (draft.paymentSchedule ?? []).forEach((s, i) => {
    if (s.chargeDate < today) problems.push({ field: `${pathPrefix}paymentSchedule.${i}.chargeDate`, reason: 'must not be in the past' });
    if (new Date(s.chargeDate) > contractEnd) problems.push({ field: `${pathPrefix}paymentSchedule.${i}.chargeDate`, reason: 'falls after the contract ends' });
  });
  return problems;
}
