import type { AzureOffer } from '../fulfillment/azure-subscription.types';

const SCHEMA = 'https://schema.mp.microsoft.com/schema';

/** The product resource, as the Product Ingestion API page's durable-id example shows it. */
export function presentProduct(offer: AzureOffer) {
  return {
    $schema: `${SCHEMA}/product/2022-03-01-preview3`,
    id: offer.durableId,
    identity: { externalID: offer.offerId },
    type: 'softwareAsAService',
    alias: offer.title ?? offer.offerId,
  };
}

/** The live resource tree of a SaaS offer: its product, plans and each priced plan's price-and-availability-plan. */
export function presentResourceTree(offer: AzureOffer) {
  const plans = offer.plans.map((p) => ({
    $schema: `${SCHEMA}/plan/2022-03-01-preview2`,
    id: p.durableId,
    identity: { externalID: p.planId },
    azureRegions: ['azureGlobal'],
    alias: p.displayName,
    product: offer.durableId,
  }));
  const prices = offer.plans
    .filter((p) => p.price !== undefined)
    .map((p) => ({
      $schema: `${SCHEMA}/price-and-availability-plan/2022-03-01-preview4`,
      id: `price-and-availability-plan/${offer.durableId.slice(8)}/${p.durableId.split('/').pop()}`,
      product: offer.durableId,
      plan: p.durableId,
      audience: 'public',
      pricing: {
        recurrentPrice: {
          recurrentPriceMode: p.isPricePerSeat ? 'perUser' : 'flatRate',
          priceInputOption: 'usd',
          prices: [{ pricePerPaymentInUsd: Number(p.price), billingTerm: { type: p.term === 'P1Y' ? 'year' : 'month', value: 1 } }],
        },
      },
    }));
  return {
    $schema: `${SCHEMA}/resource-tree/2022-03-01-preview2`,
    root: offer.durableId,
    target: { targetType: 'live' },
    resources: [presentProduct(offer), ...plans, ...prices],
  };
}
