import type { CatalogChange } from './catalog.port';

/** A dimension's price as a decimal string ("0.10"), never a float. */
export interface DimensionPrice {
  key: string;
  price: string;
}

export type Eula = { type: 'StandardEula' } | { type: 'CustomEula'; url: string };

export interface PrivateOfferSpec {
  productId: string;
  name: string;
  buyerAccounts: string[];
  pricingModel: 'Usage' | 'Contract';
  prices: DimensionPrice[];
  currency: string;
  durationMonths: number;
  /** Installments: ChargeDate (YYYY-MM-DD) and ChargeAmount (decimal string). */
  paymentSchedule: { chargeDate: string; amount: string }[] | null;
  eula: Eula;
  expiresAt: Date;
}

export interface ResaleAuthorizationSpec {
  productId: string;
  name: string;
  resellerAccountId: string;
  pricingModel: 'Usage' | 'Contract';
  prices: DimensionPrice[];
  currency: string;
  durationMonths: number;
  eula: Eula;
  expiresAt: Date;
}

export interface ChannelOfferSpec {
  productId: string;
  resaleAuthorizationId: string;
  name: string;
  buyerAccounts: string[];
  markupPercent: string;
  expiresAt: Date;
}

const OFFER = 'Offer@1.0';
const RESALE = 'ResaleAuthorization@1.0';
const STANDARD_EULA_VERSION = '2022-07-14';
const CREATE_OFFER = 'CreateOffer';
const CREATE_RESALE = 'CreateResaleAuthorization';
/** Later changes of a set refer to the entity an earlier Create change makes. */
const placeholder = (changeName: string) => `$${changeName}.Entity.Identifier`;

const day = (date: Date) => date.toISOString().slice(0, 10);
const duration = (months: number) => `P${months}M`;

function pricingTerms(model: 'Usage' | 'Contract', prices: DimensionPrice[], currency: string, months: number) {
  const rateCard = prices.map((p) => ({ DimensionKey: p.key, Price: p.price }));
  if (model === 'Usage') return { PricingModel: 'Usage', Terms: [{ Type: 'UsageBasedPricingTerm', CurrencyCode: currency, RateCards: [{ RateCard: rateCard }] }] };
  return {
    PricingModel: 'Contract',
    Terms: [
      {
        Type: 'ConfigurableUpfrontPricingTerm',
        CurrencyCode: currency,
        RateCards: [{ Selector: { Type: 'Duration', Value: duration(months) }, Constraints: { MultipleDimensionSelection: 'Allowed', QuantityConfiguration: 'Allowed' }, RateCard: rateCard }],
      },
    ],
  };
}

const legalTerms = (eula: Eula) => ({
  Terms: [{ Type: 'LegalTerm', Documents: [eula.type === 'CustomEula' ? { Type: 'CustomEula', Url: eula.url } : { Type: 'StandardEula', Version: STANDARD_EULA_VERSION }] }],
});

const change = (ChangeType: string, type: string, Identifier: string | undefined, Details: Record<string, unknown>, ChangeName?: string): CatalogChange => ({
  ChangeType,
  Entity: Identifier ? { Type: type, Identifier } : { Type: type },
  ...(ChangeName ? { ChangeName } : {}),
  Details,
});

/**
 * One change set that creates, configures and releases a private offer:
 * every change after the first refers to the new offer by placeholder, so
 * the whole offer exists at once or not at all.
 */
export function privateOfferChanges(spec: PrivateOfferSpec): CatalogChange[] {
  const id = placeholder(CREATE_OFFER);
  const changes = [
    change(CREATE_OFFER, OFFER, undefined, { ProductId: spec.productId, Name: spec.name }, CREATE_OFFER),
    change('UpdateInformation', OFFER, id, { Name: spec.name, Description: spec.name }),
    change('UpdateTargeting', OFFER, id, { PositiveTargeting: { BuyerAccounts: spec.buyerAccounts } }),
    change('UpdatePricingTerms', OFFER, id, pricingTerms(spec.pricingModel, spec.prices, spec.currency, spec.durationMonths)),
    change('UpdateValidityTerms', OFFER, id, { Terms: [{ Type: 'ValidityTerm', AgreementDuration: duration(spec.durationMonths) }] }),
  ];
  if (spec.paymentSchedule?.length) {
    changes.push(
      change('UpdatePaymentScheduleTerms', OFFER, id, {
        Terms: [{ Type: 'PaymentScheduleTerm', CurrencyCode: spec.currency, Schedule: spec.paymentSchedule.map((s) => ({ ChargeDate: s.chargeDate, ChargeAmount: s.amount })) }],
      }),
    );
  }
  changes.push(
    change('UpdateLegalTerms', OFFER, id, legalTerms(spec.eula)),
    change('UpdateAvailability', OFFER, id, { AvailabilityEndDate: day(spec.expiresAt) }),
    change('ReleaseOffer', OFFER, id, {}),
  );
  return changes;
}

/** Changes to a released offer: only what the caller changes is sent. */
export function offerUpdateChanges(
  offerId: string,
  update: { name?: string; buyerAccounts?: string[]; pricing?: { model: 'Usage' | 'Contract'; prices: DimensionPrice[]; currency: string; durationMonths: number }; eula?: Eula; expiresAt?: Date },
): CatalogChange[] {
  const changes: CatalogChange[] = [];
  if (update.name) changes.push(change('UpdateInformation', OFFER, offerId, { Name: update.name, Description: update.name }));
  if (update.buyerAccounts) changes.push(change('UpdateTargeting', OFFER, offerId, { PositiveTargeting: { BuyerAccounts: update.buyerAccounts } }));
  if (update.pricing) changes.push(change('UpdatePricingTerms', OFFER, offerId, pricingTerms(update.pricing.model, update.pricing.prices, update.pricing.currency, update.pricing.durationMonths)));
  if (update.eula) changes.push(change('UpdateLegalTerms', OFFER, offerId, legalTerms(update.eula)));
  if (update.expiresAt) changes.push(change('UpdateAvailability', OFFER, offerId, { AvailabilityEndDate: day(update.expiresAt) }));
  return changes;
}

/** An availability end date in the past expires an offer: buyers can no longer accept it. */
export function expireOfferChanges(offerId: string, now: Date): CatalogChange[] {
  return [change('UpdateAvailability', OFFER, offerId, { AvailabilityEndDate: day(new Date(now.getTime() - 24 * 3600 * 1000)) })];
}

/** The ISV's side of CPPO: authorise one reseller account to sell the product at wholesale prices. */
export function resaleAuthorizationChanges(spec: ResaleAuthorizationSpec): CatalogChange[] {
  const id = placeholder(CREATE_RESALE);
  return [
    change(CREATE_RESALE, RESALE, undefined, { ProductId: spec.productId, Name: spec.name, ResellerAccountId: spec.resellerAccountId }, CREATE_RESALE),
    change('UpdatePricingTerms', RESALE, id, pricingTerms(spec.pricingModel, spec.prices, spec.currency, spec.durationMonths)),
    change('UpdateValidityTerms', RESALE, id, { Terms: [{ Type: 'ValidityTerm', AgreementDuration: duration(spec.durationMonths) }] }),
    change('UpdateLegalTerms', RESALE, id, legalTerms(spec.eula)),
    change('UpdateAvailability', RESALE, id, { AvailabilityEndDate: day(spec.expiresAt) }),
    change('ReleaseResaleAuthorization', RESALE, id, {}),
  ];
}

/** The reseller's side of CPPO: an offer from the authorization, with its markup, for its buyer. */
export function channelOfferChanges(spec: ChannelOfferSpec): CatalogChange[] {
  const name = 'CreateOfferUsingResaleAuthorization';
  const id = placeholder(name);
  return [
    change(name, OFFER, undefined, { ProductId: spec.productId, ResaleAuthorizationId: spec.resaleAuthorizationId, Name: spec.name }, name),
    change('UpdateInformation', OFFER, id, { Name: spec.name, Description: spec.name }),
    change('UpdateTargeting', OFFER, id, { PositiveTargeting: { BuyerAccounts: spec.buyerAccounts } }),
    change('UpdateMarkup', OFFER, id, { Percentage: spec.markupPercent }),
    change('UpdateAvailability', OFFER, id, { AvailabilityEndDate: day(spec.expiresAt) }),
    change('ReleaseOffer', OFFER, id, {}),
  ];
}

/** Listing edits pushed back: the product's title and dimensions; prices belong to its public offer. */
export function listingPushChanges(
  productId: string,
  edit: { title?: string; dimensions?: { key: string; name: string; unit: string; types: string[] }[]; publicOffer?: { offerId: string; prices: DimensionPrice[]; currency: string } },
): CatalogChange[] {
  const changes: CatalogChange[] = [];
  if (edit.title) changes.push(change('UpdateInformation', 'SaaSProduct@1.0', productId, { ProductTitle: edit.title }));
  if (edit.dimensions?.length) {
    changes.push(
      change('UpdateDimensions', 'SaaSProduct@1.0', productId, {
        Dimensions: edit.dimensions.map((d) => ({ Key: d.key, Name: d.name, Unit: d.unit, Types: d.types })),
      }),
    );
  }
  if (edit.publicOffer?.prices.length) {
    changes.push(
      change('UpdatePricingTerms', OFFER, edit.publicOffer.offerId, {
        PricingModel: 'Usage',
        Terms: [{ Type: 'UsageBasedPricingTerm', CurrencyCode: edit.publicOffer.currency, RateCards: [{ RateCard: edit.publicOffer.prices.map((p) => ({ DimensionKey: p.key, Price: p.price })) }] }],
      }),
    );
  }
  return changes;
}

/** The Create* change whose outcome names the new entity. */
export const CREATING_CHANGE_TYPES = [CREATE_OFFER, CREATE_RESALE, 'CreateOfferUsingResaleAuthorization'];
