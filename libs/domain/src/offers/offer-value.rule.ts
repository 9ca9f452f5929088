import { parseDecimalToMinor, parseScaledDecimal } from '../money/decimal.parser';
import { divideRounded } from '../money/rounding.mode';

/** An offer's terms as far as they set a price for the whole contract. */
export interface PricedTerms {
  currency: string;
  /** Usage or Contract. */
  pricingModel: string;
  /** Decimal-string prices, one per dimension. */
  prices?: readonly { price: string }[];
  /** Instalments; when present they are the whole contract's price. */
  paymentSchedule?: readonly { amount: string }[] | null;
  /** A channel offer's markup over the wholesale prices, in percent ("5.0"). */
  markupPercent?: string | null;
}

/** An agreement a buyer made by accepting an offer. */
export interface AcceptedAgreement {
  valueMinor: bigint;
  currency: string;
}

/**
 * What a buyer commits to under an offer's terms: the payment schedule's
 * total, else a contract's upfront prices (a channel offer's raised by the
 * reseller's markup). Usage is billed as it is used, so its terms commit the
 * buyer to nothing up front: 0.
 */
export function pricedTermsValue(terms: PricedTerms): bigint {
  const sum = (amounts: readonly string[]) => amounts.reduce((total, amount) => total + parseDecimalToMinor(amount, terms.currency), 0n);
  if (terms.paymentSchedule) return sum(terms.paymentSchedule.map((s) => s.amount));
  if (terms.pricingModel !== 'Contract') return 0n;
  const wholesale = sum((terms.prices ?? []).map((p) => p.price));
  return terms.markupPercent ? withMarkup(wholesale, terms.markupPercent) : wholesale;
}

/**
 * What an offer's terms are worth once its prices change, or undefined when
 * the change leaves the value as it was: no new prices, or a payment
 * schedule, whose instalments are the contract's price whatever the prices
 * say (the schedule is not checked again: its first date may have passed).
 */
export function repricedTermsValue(terms: Omit<PricedTerms, 'prices'>, prices: PricedTerms['prices']): bigint | undefined {
  if (!prices || terms.paymentSchedule) return undefined;
  return pricedTermsValue({ ...terms, prices });
}

/**
 * What an accepted offer is worth: what its buyers agreed to pay, the value
 * of the agreements its acceptance made. That is the only price a channel
 * offer ever has (its terms are the wholesale per-unit prices; the
 * marketplace applies the reseller's markup), and for a private offer it is
 * what the marketplace actually sold. An agreement in another currency than
 * the offer's cannot be added to it, so only the offer's currency counts;
 * with none in it, the priced terms stand.
 */
export function acceptedOfferValue(
  offer: { currency: string; pricedValueMinor: bigint },
  agreements: readonly AcceptedAgreement[],
): bigint {
  const inCurrency = agreements.filter((a) => a.currency === offer.currency);
  if (inCurrency.length === 0) return offer.pricedValueMinor;
  return inCurrency.reduce((total, a) => total + a.valueMinor, 0n);
}

/** amount x (1 + percent / 100), exact until one half-even rounding to the minor unit. */
function withMarkup(amountMinor: bigint, percent: string): bigint {
  const { digits, scale } = parseScaledDecimal(percent);
  const hundred = 100n * 10n ** BigInt(scale);
  return divideRounded(amountMinor * (hundred + digits), hundred, 'HALF_EVEN');
}
