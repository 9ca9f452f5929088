import type { AzureDurableIds } from './product-ingestion.schemas';

/**
 * A product or plan named by its external id (the offer id, the planId), in
 * the form the Product Ingestion API page's "References" section documents.
 * Change sets are recorded with these; the private-offer pages name product
 * and plans by durable id, so they are resolved just before configure.
 */
export interface ExternalIdReference {
  externalID: string;
}

export const byExternalId = (id: string): ExternalIdReference => ({ externalID: id });

const isExternal = (value: unknown): value is ExternalIdReference =>
  typeof value === 'object' && value !== null && typeof (value as { externalID?: unknown }).externalID === 'string';

/** A reference that resolves to nothing: the offer or plan id is not Partner Center's. */
export class UnknownReferenceError extends Error {
  constructor(
    readonly code: 'UnknownProduct' | 'UnknownPlan',
    message: string,
  ) {
    super(message);
    this.name = 'UnknownReferenceError';
  }
}

type Resource = Record<string, unknown>;
/** Where product and plan references sit: the resource itself (a price resource) and each entry of its pricing lists. */
const PRICING_LISTS = ['pricing', 'originatorPricing'] as const;

function holders(resource: Resource): Resource[] {
  const lists = PRICING_LISTS.flatMap((key) => (Array.isArray(resource[key]) ? (resource[key] as Resource[]) : []));
  return [resource, ...lists];
}

/** The offer ids the resources name by external id, once each. */
export function referencedOfferIds(resources: Resource[]): string[] {
  const ids = resources.flatMap(holders).flatMap((h) => (isExternal(h.product) ? [h.product.externalID] : []));
  return [...new Set(ids)];
}

/**
 * The resources with every external product and plan reference replaced by
 * its durable id (a plan is looked up in the product beside it). Throws
 * UnknownReferenceError naming the first id Partner Center does not have.
 */
export function withDurableIds(resources: Resource[], idsOf: (offerId: string) => AzureDurableIds | null): Resource[] {
  const resolve = (holder: Resource): Resource => {
    if (!isExternal(holder.product)) return holder;
    const offerId = holder.product.externalID;
    const ids = idsOf(offerId);
    if (!ids) throw new UnknownReferenceError('UnknownProduct', `Partner Center has no product with offer id "${offerId}"`);
    if (!isExternal(holder.plan)) return { ...holder, product: ids.product };
    const planId = holder.plan.externalID;
    const plan = ids.plans[planId];
    if (!plan) throw new UnknownReferenceError('UnknownPlan', `offer "${offerId}" has no live plan "${planId}" in Partner Center`);
    return { ...holder, product: ids.product, plan };
  };
  return resources.map((resource) => {
    const resolved = { ...resolve(resource) };
    for (const key of PRICING_LISTS) {
      if (Array.isArray(resource[key])) resolved[key] = (resource[key] as Resource[]).map(resolve);
    }
    return resolved;
  });
}
