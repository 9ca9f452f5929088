import type { CatalogEntity } from './catalog.port';

/**
 * DescribeEntity documents as the developer guide shows them ("Work with
 * seller products", "Describe existing offer details"), read into the
 * product's models. Fixtures of each are in test/fixtures/aws/catalog.
 */

export interface CatalogDimension {
  key: string;
  name: string;
  unit: string;
  types: string[];
}

export interface CatalogProduct {
  productId: string;
  productCode: string | null;
  title: string;
  visibility: string | null;
  /** A product's dimensions carry no prices: those are its public offer's. */
  dimensions: CatalogDimension[];
}

export interface CatalogOffer {
  offerId: string;
  productId: string | null;
  name: string | null;
  state: string | null;
  resaleAuthorizationId: string | null;
  /** From the TargetingRule: buyer accounts make an offer private. */
  buyerAccounts: string[];
  countryCodes: string[];
  excludedCountryCodes: string[];
  /** From the AvailabilityRule: the last moment a buyer can accept the offer. */
  availabilityEndDate: string | null;
  isPrivate: boolean;
  currency: string | null;
  /** Per-unit prices of its pricing terms, first price of each dimension. */
  prices: { key: string; price: string }[];
}

export interface CatalogPublicOffer {
  offerId: string;
  productId: string;
  currency: string;
  prices: { key: string; price: string }[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map(obj) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(str).filter((s): s is string => s !== null) : []);
const rule = (details: Record<string, unknown>, type: string) => list(details.Rules).find((r) => r.Type === type) ?? {};

/** A SaaSProduct's DetailsDocument: the title and state under Description, the dimensions beside it. */
export function parseSaaSProduct(entity: CatalogEntity): CatalogProduct {
  const d = entity.details as Record<string, unknown>;
  const description = obj(d.Description);
  return {
    productId: entity.entityId,
    productCode: str(description.ProductCode),
    title: str(description.ProductTitle) ?? entity.entityId,
    visibility: str(description.Visibility),
    dimensions: list(d.Dimensions).map((dim) => {
      const key = str(dim.Key) ?? '';
      return { key, name: str(dim.Name) ?? key, unit: str(dim.Unit) ?? 'Units', types: strings(dim.Types) };
    }),
  };
}

/** An Offer's DetailsDocument. Targeting and availability are rules (TargetingRule, AvailabilityRule), not fields. */
export function parseOffer(entity: CatalogEntity): CatalogOffer {
  const d = entity.details as Record<string, unknown>;
  const targeting = rule(d, 'TargetingRule');
  const positive = obj(targeting.PositiveTargeting);
  const buyerAccounts = strings(positive.BuyerAccounts);
  let currency: string | null = null;
  const prices: { key: string; price: string }[] = [];
  for (const term of list(d.Terms)) {
    if (!/PricingTerm$/.test(String(term.Type))) continue;
    currency = currency ?? str(term.CurrencyCode);
    for (const card of list(term.RateCards)) {
      for (const item of list(card.RateCard)) {
        const key = str(item.DimensionKey);
        const price = str(item.Price);
        if (key && price && !prices.some((p) => p.key === key)) prices.push({ key, price });
      }
    }
  }
  return {
    offerId: entity.entityId,
    productId: str(d.ProductId),
    name: str(d.Name),
    state: str(d.State),
    resaleAuthorizationId: str(d.ResaleAuthorizationId),
    buyerAccounts,
    countryCodes: strings(positive.CountryCodes),
    excludedCountryCodes: strings(obj(targeting.NegativeTargeting).CountryCodes),
    availabilityEndDate: str(rule(d, 'AvailabilityRule').AvailabilityEndDate),
    isPrivate: buyerAccounts.length > 0,
    currency,
    prices,
  };
}

/**
 * The product's public offer: released, targeted at no buyer account and not
 * made from a resale authorization. Its rate card gives the listing's public
 * prices; a private offer's prices are one buyer's and never reach the listing.
 */
export function parsePublicOffer(entity: CatalogEntity): CatalogPublicOffer | null {
  const offer = parseOffer(entity);
  if (offer.isPrivate || offer.resaleAuthorizationId || !offer.productId) return null;
  if (offer.state !== null && offer.state !== 'Released') return null;
  return { offerId: offer.offerId, productId: offer.productId, currency: offer.currency ?? 'USD', prices: offer.prices };
}
