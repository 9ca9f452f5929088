import { z } from 'zod';

/**
 * The Product Ingestion API's messages the product sends and reads
 * (learn.microsoft.com, "Product ingestion API for the commercial
 * marketplace", "Create and manage private offers via API"). Every resource
 * carries its `$schema`; reads are lenient (Microsoft adds properties).
 */
export const PI_SCHEMA = {
  configure: 'https://schema.mp.microsoft.com/schema/configure/2022-07-01',
  configureStatus: 'https://schema.mp.microsoft.com/schema/configure-status/2022-07-01',
  privateOffer: 'https://schema.mp.microsoft.com/schema/private-offer/2023-07-15',
  privateOfferPlanPrice: 'https://schema.mp.microsoft.com/schema/price-and-availability-private-offer-plan/2023-07-15',
} as const;

/** `$version` of the configure endpoint and its job status. */
export const CONFIGURE_VERSION = '2022-07-01';
/** `$version` of private-offer reads (GET configure/{jobId}, GET private-offer/{id}). */
export const PRIVATE_OFFER_VERSION = '2023-07-15';

/** Configure's answer and the job status poll ("Job status and retrieve private offer detail via API"). */
export const configureStatusSchema = z.looseObject({
  jobId: z.string().min(1),
  jobStatus: z.enum(['notStarted', 'running', 'completed']),
  jobResult: z.enum(['pending', 'succeeded', 'failed']),
  jobStart: z.string().optional(),
  jobEnd: z.string().optional(),
  resourceUri: z.string().optional(),
  errors: z
    .array(z.looseObject({ code: z.string().optional(), message: z.string().optional(), resourceId: z.string().optional() }))
    .default([]),
});
export type ConfigureStatus = z.infer<typeof configureStatusSchema>;

/** A private offer as the API answers it: its durable id (`private-offer/<guid>`) and state. */
export const privateOfferSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  privateOfferType: z.string().optional(),
  state: z.string().optional(),
});

/**
 * GET configure/{jobId}: the page shows the private offer itself; a configure
 * document holding it among its resources is read the same way.
 */
export const jobDetailSchema = z.union([
  privateOfferSchema.transform((offer) => [offer]),
  z
    .looseObject({ resources: z.array(z.looseObject({ id: z.string().optional(), $schema: z.string().optional() })) })
    .transform((d) =>
      d.resources.filter((r) => typeof r.id === 'string' && r.id.startsWith('private-offer/')).map((r) => privateOfferSchema.parse(r)),
    ),
]);

/** `$version` of product and resource-tree reads (the Product Ingestion API page's resource-tree sample). */
export const RESOURCE_TREE_VERSION = '2022-03-01-preview5';
export const PRODUCT_VERSION = '2022-03-01-preview3';

const resource = z.looseObject({ $schema: z.string(), id: z.string().optional() });

/** GET product?externalID=…: the products it finds (query results come as `value`). */
export const productQuerySchema = z.looseObject({
  value: z.array(resource.extend({ id: z.string(), alias: z.string().optional() })),
});

/** GET resource-tree/<product durable id>: every resource of the product. */
export const resourceTreeSchema = z.looseObject({ root: z.string(), resources: z.array(resource) });
export type ResourceTree = z.infer<typeof resourceTreeSchema>;

const billingTerm = z.looseObject({ type: z.enum(['month', 'year']), value: z.number().int() });
const planResource = z.looseObject({ id: z.string(), identity: z.looseObject({ externalID: z.string() }), alias: z.string().optional() });
const planPriceResource = z.looseObject({
  plan: z.string(),
  pricing: z.looseObject({
    recurrentPrice: z
      .looseObject({
        recurrentPriceMode: z.enum(['flatRate', 'perUser']).optional(),
        priceInputOption: z.string().optional(),
        prices: z.array(z.looseObject({ pricePerPaymentInUsd: z.number(), billingTerm })).min(1),
      })
      .optional(),
  }),
});

const typeOf = (r: { $schema: string }) => r.$schema.split('/schema/')[1]?.split('/')[0] ?? '';

/**
 * A product's durable ids, the way the private-offer pages reference it:
 * `product/<guid>` and, per plan external id (the planId), `plan/<product guid>/<plan guid>`.
 */
export interface AzureDurableIds {
  product: string;
  plans: Record<string, string>;
}

/** The durable ids a resource tree states: its root, and each plan's id by its external id. */
export function durableIdsOf(tree: ResourceTree): AzureDurableIds {
  const plans = tree.resources.filter((r) => typeOf(r) === 'plan').map((r) => planResource.parse(r));
  return { product: tree.root, plans: Object.fromEntries(plans.map((p) => [p.identity.externalID, p.id])) };
}

/**
 * GET private-offer/query ("Private offers submission API overview",
 * "Retrieve private offers"): the page gives no answer sample; read as the
 * page's other lists are (`value`), each offer as the detail page shows it.
 */
export const privateOfferQuerySchema = z.looseObject({
  value: z.array(
    privateOfferSchema.extend({
      beneficiaries: z.array(z.looseObject({ id: z.string() })).optional(),
    }),
  ),
});
export type QueriedPrivateOffer = z.infer<typeof privateOfferQuerySchema>['value'][number];

/** An Azure SaaS offer's plans and public prices, as its resource tree states them. */
export interface AzureProductListing {
  durableId: string;
  title: string;
  plans: { planId: string; name: string; term: 'P1M' | 'P1Y'; perSeat: boolean; price: string | null }[];
}

/**
 * Reads a resource tree: the product's alias, each plan by its external id
 * (the planId buyers and the Fulfillment API use) and its first billing
 * term's price from the plan's price-and-availability-plan resource.
 */
export function productListingOf(tree: ResourceTree): AzureProductListing {
  const product = tree.resources.find((r) => typeOf(r) === 'product');
  const prices = tree.resources.filter((r) => typeOf(r) === 'price-and-availability-plan').map((r) => planPriceResource.parse(r));
  const plans = tree.resources
    .filter((r) => typeOf(r) === 'plan')
    .map((r) => planResource.parse(r))
    .map((plan) => {
      const recurrent = prices.find((p) => p.plan === plan.id)?.pricing.recurrentPrice;
      const first = recurrent?.prices[0];
      return {
        planId: plan.identity.externalID,
        name: plan.alias ?? plan.identity.externalID,
        term: first?.billingTerm.type === 'year' ? ('P1Y' as const) : ('P1M' as const),
        perSeat: recurrent?.recurrentPriceMode === 'perUser',
        // The documented field is a JSON number of US dollars; as a string with cents it is exact.
        price: first ? first.pricePerPaymentInUsd.toFixed(2) : null,
      };
    });
  return { durableId: tree.root, title: String((product as { alias?: unknown } | undefined)?.alias ?? tree.root), plans };
}
