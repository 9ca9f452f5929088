/**
 * What AWS Marketplace still lets a seller change once an offer is released
 * (developer guide, "Work with private offers"): its name and description
 * (UpdateInformation) and its availability end date (UpdateAvailability).
 * New targeting, pricing, payment schedule or legal terms fail with
 * INCOMPATIBLE_TARGETING / INCOMPATIBLE_TERMS "The requested change can't be
 * performed after the offer is released", so the product refuses them before
 * anything is sent, and says what to do instead.
 */
export interface ReleasedOfferChange {
  buyerAccounts?: unknown;
  prices?: unknown;
  paymentSchedule?: unknown;
  eula?: unknown;
}

export interface ReleasedOfferProblem {
  field: keyof ReleasedOfferChange;
  reason: string;
}

const INSTEAD = 'expire it and publish a new offer, or offer the buyer a replacement of its agreement';

const REFUSED: Record<keyof ReleasedOfferChange, string> = {
  buyerAccounts: `AWS does not change the buyer accounts of a released offer (INCOMPATIBLE_TARGETING): ${INSTEAD}`,
  prices: `AWS does not change the pricing terms of a released offer (INCOMPATIBLE_TERMS): ${INSTEAD}`,
  paymentSchedule: `AWS does not change the payment schedule of a released offer (INCOMPATIBLE_TERMS): ${INSTEAD}`,
  eula: `AWS does not change the legal terms of a released offer (INCOMPATIBLE_TERMS): ${INSTEAD}`,
};

export function releasedOfferProblems(change: ReleasedOfferChange): ReleasedOfferProblem[] {
  return (Object.keys(REFUSED) as (keyof ReleasedOfferChange)[])
    .filter((field) => change[field] !== undefined)
    .map((field) => ({ field, reason: REFUSED[field] }));
}
