import type { CatalogChange } from '../aws/catalog.port';
import { byExternalId } from './durable-reference.mapper';
import { PI_SCHEMA } from './product-ingestion.schemas';

/** A Product Ingestion resource, carried in a change set as one change (its `$schema` names the type). */
export const AZURE_CONFIGURE_CHANGE = 'Configure';

/** An Azure plan's price for one billing term, from the listing (its plans are the listing's dimensions). */
export interface AzurePlanPrice {
  planId: string;
  /** Decimal string in USD, per billing term (per seat for a per-seat plan). */
  price: string;
  /** The plan's billing term as the listing records it: P1M, P1Y, P2Y, P3Y. */
  term: string;
}

export interface AzureOfferTarget {
  /** The offer id (the product's external id); resolved to its durable id when the change set is sent. */
  productId: string;
  name: string;
  /** The customers' billing account ids (Partner Center "beneficiaries"). */
  beneficiaries: string[];
  /** The last day the offer's prices apply (YYYY-MM-DD); the customer accepts by then. */
  end: string;
  acceptBy: string;
  /** Our terms document (a custom EULA's URL); none for the standard contract. */
  termsUrl: string | null;
}

const BILLING_TERMS: Record<string, { type: 'month' | 'year'; value: number }> = {
  P1M: { type: 'month', value: 1 },
  P1Y: { type: 'year', value: 1 },
  P2Y: { type: 'year', value: 2 },
  P3Y: { type: 'year', value: 3 },
};

const asChange = (resource: Record<string, unknown>, identifier?: string): CatalogChange => ({
  ChangeType: AZURE_CONFIGURE_CHANGE,
  Entity: {
    Type: String(resource.$schema).split('/schema/')[1]?.split('/')[0] ?? 'resource',
    ...(identifier ? { Identifier: identifier } : {}),
  },
  Details: resource,
});

/**
 * Absolute prices per plan: one price-and-availability-private-offer-plan
 * resource each (documented "Sample absolute pricing resource"), referred to
 * by resourceName from the offer's pricing.
 */
function planPrices(productId: string, prices: AzurePlanPrice[]) {
  const resources = prices.map((p) => ({
    $schema: PI_SCHEMA.privateOfferPlanPrice,
    resourceName: `price-${p.planId}`,
    product: byExternalId(productId),
    plan: byExternalId(p.planId),
    offerPricingType: 'editExistingOfferPricingOnly',
    pricing: {
      recurrentPrice: {
        priceInputOption: 'usd',
        // The documented field is a JSON number of US dollars; the decimal string converts exactly for cents.
        prices: [{ pricePerPaymentInUsd: Number(p.price), billingTerm: BILLING_TERMS[p.term] ?? BILLING_TERMS.P1M }],
      },
    },
  }));
  const pricing = prices.map((p) => ({
    product: byExternalId(productId),
    plan: byExternalId(p.planId),
    discountType: 'absolute',
    priceDetails: { resourceName: `price-${p.planId}` },
  }));
  return { resources, pricing };
}

function offerFields(target: AzureOfferTarget) {
  return {
    name: target.name,
    state: 'live',
    offerPricingType: 'editExistingOfferPricingOnly',
    variableStartDate: true,
    end: target.end,
    acceptBy: target.acceptBy,
    beneficiaries: target.beneficiaries.map((id) => ({ id, description: target.name })),
  };
}

/** An ISV-to-customer private offer (customerPromotion), submitted live with its plans' prices. */
export function azureCustomerOfferChanges(target: AzureOfferTarget & { prices: AzurePlanPrice[]; preparedBy: string }): CatalogChange[] {
  const { resources, pricing } = planPrices(target.productId, target.prices);
  return [
    ...resources.map((r) => asChange(r)),
    asChange({
      $schema: PI_SCHEMA.privateOffer,
      ...offerFields(target),
      privateOfferType: 'customerPromotion',
      preparedBy: target.preparedBy,
      ...(target.termsUrl ? { termsAndConditionsDocSasUrl: target.termsUrl } : {}),
      pricing,
    }),
  ];
}

/**
 * The ISV's part of a multiparty private offer (multipartyPromotionOriginator):
 * the customer, the selling partner and the partner's (wholesale) prices, made
 * visible to the partner, who then adds its markup.
 */
export function azureMpoOriginatorChanges(
  target: AzureOfferTarget & { prices: AzurePlanPrice[]; partner: { id: string; name: string } },
): CatalogChange[] {
  const { resources, pricing } = planPrices(target.productId, target.prices);
  return [
    ...resources.map((r) => asChange(r)),
    asChange({
      $schema: PI_SCHEMA.privateOffer,
      resourceName: 'privateOffer',
      ...offerFields(target),
      privateOfferType: 'multipartyPromotionOriginator',
      ...(target.termsUrl
        ? { termsAndConditionsDocs: [{ sasUrl: target.termsUrl, fileName: 'terms.pdf', customerFacingDocumentName: target.name }] }
        : {}),
      partners: [{ id: target.partner.id, partnerName: target.partner.name }],
      pricing,
    }),
  ];
}

/**
 * The selling partner's part of the same offer (multipartyPromotionChannelPartner):
 * its markup on each plan of the originator's pricing, and who prepared it,
 * submitted live for the customer. Beneficiaries, partners and prices are the originator's.
 */
export function azureMpoSellerChanges(input: {
  privateOfferId: string;
  name: string;
  productId: string;
  planIds: string[];
  markupPercent: string;
  end: string;
  acceptBy: string;
  preparedBy: string;
}): CatalogChange[] {
  return [
    asChange(
      {
        $schema: PI_SCHEMA.privateOffer,
        id: input.privateOfferId,
        resourceName: 'privateOffer',
        name: input.name,
        state: 'live',
        privateOfferType: 'multipartyPromotionChannelPartner',
        offerPricingType: 'editExistingOfferPricingOnly',
        variableStartDate: true,
        end: input.end,
        acceptBy: input.acceptBy,
        preparedBy: input.preparedBy,
        originatorPricing: input.planIds.map((planId) => ({
          product: byExternalId(input.productId),
          plan: byExternalId(planId),
          discountType: 'absolute',
          markupPercentage: Number(input.markupPercent),
        })),
      },
      input.privateOfferId,
    ),
  ];
}

/** Withdraws a live private offer: the customer can no longer accept it ("Manage existing private offers via API"). */
export function azureWithdrawChanges(input: { privateOfferId: string; name: string; privateOfferType: string }): CatalogChange[] {
  return [
    asChange(
      {
        $schema: PI_SCHEMA.privateOffer,
        id: input.privateOfferId,
        name: input.name,
        privateOfferType: input.privateOfferType,
        state: 'withdrawn',
      },
      input.privateOfferId,
    ),
  ];
}
