import { parseDecimalToMinor, parseScaledDecimal } from '../money/decimal.parser';
import { formatMinor } from '../money/minor.formatter';
import { divideRounded } from '../money/rounding.mode';
import type { AzurePlanPriceRow } from './azure-plan-price.rule';

/**
 * The customer's Entra tenant in a Microsoft Customer Agreement billing
 * account id (`<account guid>:<tenant guid>_<yyyy-mm-dd>`, the form the
 * private-offer pages give a beneficiary), lower-cased; null for another form.
 */
export function tenantOfBillingAccount(billingAccountId: string): string | null {
  const match = /^[0-9a-f-]{36}:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_\d{4}-\d{2}-\d{2}$/i.exec(billingAccountId);
  return match ? match[1].toLowerCase() : null;
}

/** A published Azure private offer the product made, as far as matching a purchase goes. */
export interface AzurePrivateOfferFacts {
  marketplaceOfferId: string;
  /** Billing account ids of its customers. */
  buyerAccounts: readonly string[];
  /** Plan ids it prices. */
  planIds: readonly string[];
}

/**
 * Which of the product's private offers a SaaS purchase came through. The
 * Fulfillment API names the plan and the buyer's tenant but not the private
 * offer, so the purchase is the offer's when the buyer's tenant is one of its
 * customers' and the plan one it prices. `offers` come newest first: a
 * customer with two such offers bought through the newer.
 */
export function azurePrivateOfferOf<T extends AzurePrivateOfferFacts>(
  purchase: { planId: string; tenantId: string | null },
  offers: readonly T[],
): T | null {
  const tenant = purchase.tenantId?.toLowerCase();
  if (!tenant) return null;
  return (
    offers.find((o) => o.planIds.includes(purchase.planId) && o.buyerAccounts.some((b) => tenantOfBillingAccount(b) === tenant)) ?? null
  );
}

/**
 * The customer's plan prices under a private offer: its own price of each
 * plan (the ISV's, or for a multiparty offer the partner's wholesale price
 * raised by the partner's markup, half up to the minor unit), in the listing
 * plan's unit and currency. Plans it does not price keep the listing's price.
 */
export function privateOfferPlanPrices(
  offer: { prices: readonly { key: string; price: string }[]; markupPercent: string | null },
  listing: readonly AzurePlanPriceRow[],
): AzurePlanPriceRow[] {
  const markup = parseScaledDecimal(offer.markupPercent ?? '0');
  const hundred = 100n * 10n ** BigInt(markup.scale);
  return listing.map((plan) => {
    const own = offer.prices.find((p) => p.key === plan.key);
    if (!own) return plan;
    const wholesale = parseDecimalToMinor(own.price, plan.currency);
    const price = divideRounded(wholesale * (hundred + markup.digits), hundred, 'HALF_UP');
    return { ...plan, unitPrice: formatMinor(price, plan.currency) };
  });
}
