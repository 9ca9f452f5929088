import type { CatalogEntity } from './catalog.port';

export interface CatalogDimension {
  key: string;
  name: string;
  unit: string;
  types: string[];
  /** Public price per unit (decimal string) when the catalog states one. */
  price: string | null;
}

export interface CatalogProduct {
  productId: string;
  productCode: string | null;
  title: string;
  visibility: string | null;
  dimensions: CatalogDimension[];
}

export interface CatalogPublicOffer {
  offerId: string;
  productId: string;
  currency: string;
  prices: { key: string; price: string }[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map(obj) : []);

/**
 * A SaaSProduct's DetailsDocument as the product's one model of a listing.
 * AWS nests the title under Description and names dimension fields in
 * PascalCase; older documents and the sandbox put some at the top level.
 */
export function parseSaaSProduct(entity: CatalogEntity): CatalogProduct {
  const d = entity.details;
  const description = obj(d.Description);
  return {
    productId: entity.entityId,
    productCode: str(d.ProductCode) ?? str(description.ProductCode),
    title: str(description.ProductTitle) ?? str(d.ProductTitle) ?? entity.entityId,
    visibility: str(description.Visibility) ?? str(d.Visibility),
    dimensions: list(d.Dimensions).map((dim) => {
      const key = str(dim.Key) ?? str(dim.key) ?? '';
      return {
        key,
        name: str(dim.Name) ?? str(dim.name) ?? key,
        unit: str(dim.Unit) ?? str(dim.unit) ?? 'Units',
        types: (Array.isArray(dim.Types) ? dim.Types : Array.isArray(dim.types) ? dim.types : []).map(String),
        price: str(dim.Price) ?? str(dim.price),
      };
    }),
  };
}

/** An offer with no buyer targeting is the product's public offer; its rate card gives the public prices. */
export function parsePublicOffer(entity: CatalogEntity): CatalogPublicOffer | null {
  const d = entity.details;
  const targeting = obj(obj(d.Targeting).PositiveTargeting);
  const buyers = Array.isArray(targeting.BuyerAccounts) ? targeting.BuyerAccounts : [];
  const productId = str(d.ProductId) ?? str(obj(list(d.Products)[0]).ProductId);
  if (buyers.length > 0 || !productId || d.ResaleAuthorizationId) return null;
  let currency = 'USD';
  const prices: { key: string; price: string }[] = [];
  for (const term of list(d.Terms)) {
    if (!/PricingTerm$/.test(String(term.Type))) continue;
    currency = str(term.CurrencyCode) ?? currency;
    for (const card of list(term.RateCards)) {
      for (const item of list(card.RateCard)) {
        const key = str(item.DimensionKey);
        const price = str(item.Price);
        if (key && price && !prices.some((p) => p.key === key)) prices.push({ key, price });
      }
    }
  }
  return { offerId: entity.entityId, productId, currency, prices };
}
