import type { CatalogChange } from './catalog.port';

/**
 * Change sets as the Catalog API reference documents them (developer guide:
 * "Work with private offers", "Work with resale authorizations", "Work with
 * channel partner private offers", "Work with seller products"), one
 * function per thing the product does. test/fixtures/aws/catalog holds the
 * documented requests these are checked against.
 */

/** A dimension's price as a decimal string ("0.10"), never a float. */
export interface DimensionPrice {
  key: string;
  price: string;
}

export type Eula = { type: 'StandardEula' } | { type: 'CustomEula'; url: string };

/** An instalment: ChargeDate (YYYY-MM-DD) and ChargeAmount (decimal string). */
export interface Instalment {
  chargeDate: string;
  amount: string;
}

/** What a direct offer sells: its prices, or for instalments the dimensions it grants and the schedule. */
export interface OfferPricing {
  pricingModel: 'Usage' | 'Contract';
  prices: DimensionPrice[];
  currency: string;
  durationMonths: number;
  paymentSchedule: Instalment[] | null;
}

export interface PrivateOfferSpec extends OfferPricing {
  productId: string;
  name: string;
  buyerAccounts: string[];
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
  resaleAuthorizationId: string;
  name: string;
  buyerAccounts: string[];
  markupPercent: string;
  expiresAt: Date;
}

/** A renewal or upsell of an agreement: the buyer is the agreement's, so targeting is not sent. */
export interface ReplacementOfferSpec extends OfferPricing {
  agreementId: string;
  name: string;
  eula: Eula;
  expiresAt: Date;
  /** A replacement offer must say when its agreement ends (MISSING_AGREEMENT_END_DATE otherwise). */
  agreementEndDate: Date;
}

export interface ChannelReplacementOfferSpec {
  agreementId: string;
  resaleAuthorizationId: string;
  name: string;
  markupPercent: string;
  expiresAt: Date;
  agreementEndDate: Date;
}

const OFFER = 'Offer@1.0';
const RESALE = 'ResaleAuthorization@1.0';
const PRODUCT = 'SaaSProduct@1.0';
const STANDARD_EULA_VERSION = '2022-07-14';
const CREATE_OFFER = 'CreateOffer';
const CREATE_RESALE = 'CreateResaleAuthorization';
const CREATE_CHANNEL_OFFER = 'CreateOfferUsingResaleAuthorization';
const CREATE_REPLACEMENT = 'CreateReplacementOffer';
const CREATE_CHANNEL_REPLACEMENT = 'CreateReplacementOfferUsingResaleAuthorization';
/** An instalment offer's upfront term costs nothing: the schedule is what the buyer pays. */
const INSTALMENT_UPFRONT_PRICE = '0.00';
/** Each dimension an instalment offer grants is granted once (MaxQuantity is required). */
const INSTALMENT_GRANT_QUANTITY = 1;

/** Later changes of a set refer to the entity an earlier Create change makes. */
const placeholder = (changeName: string) => `$${changeName}.Entity.Identifier`;
const day = (date: Date) => date.toISOString().slice(0, 10);
const duration = (months: number) => `P${months}M`;
const rateCard = (prices: DimensionPrice[]) => prices.map((p) => ({ DimensionKey: p.key, Price: p.price }));
const configurable = (type: string, prices: DimensionPrice[], currency: string, months: number) => ({
  Type: type,
  CurrencyCode: currency,
  RateCards: [
    {
      Selector: { Type: 'Duration', Value: duration(months) },
      RateCard: rateCard(prices),
      Constraints: { MultipleDimensionSelection: 'Allowed', QuantityConfiguration: 'Allowed' },
    },
  ],
});
const usageBased = (type: string, prices: DimensionPrice[], currency: string) => ({
  Type: type,
  CurrencyCode: currency,
  RateCards: [{ RateCard: rateCard(prices) }],
});

const change = (
  ChangeType: string,
  type: string,
  Identifier: string | undefined,
  Details: CatalogChange['Details'],
  ChangeName?: string,
): CatalogChange => ({
  ChangeType,
  Entity: Identifier ? { Type: type, Identifier } : { Type: type },
  ...(ChangeName ? { ChangeName } : {}),
  Details,
});

/**
 * An offer's pricing terms. Paid by instalments, it is a FixedUpfrontPricingTerm
 * priced 0 that grants the dimensions, with the schedule in its own
 * PaymentScheduleTerm (AWS refuses a priced upfront term beside a schedule).
 */
function offerPricingTerms(p: OfferPricing): Record<string, unknown> {
  if (p.paymentSchedule?.length) {
    return {
      PricingModel: 'Contract',
      Terms: [
        {
          Type: 'FixedUpfrontPricingTerm',
          CurrencyCode: p.currency,
          Price: INSTALMENT_UPFRONT_PRICE,
          Grants: p.prices.map((d) => ({ DimensionKey: d.key, MaxQuantity: INSTALMENT_GRANT_QUANTITY })),
        },
      ],
    };
  }
  if (p.pricingModel === 'Usage') return { PricingModel: 'Usage', Terms: [usageBased('UsageBasedPricingTerm', p.prices, p.currency)] };
  return { PricingModel: 'Contract', Terms: [configurable('ConfigurableUpfrontPricingTerm', p.prices, p.currency, p.durationMonths)] };
}

/**
 * The pricing, validity and schedule changes of a direct offer. A contract's
 * duration is its rate card's selector: AWS wants an AgreementStartDate with a
 * ValidityTerm beside a ConfigurableUpfrontPricingTerm, so none is sent.
 */
function offerTermChanges(id: string, p: OfferPricing, validity: Record<string, unknown> | null): CatalogChange[] {
  const instalments = Boolean(p.paymentSchedule?.length);
  const changes = [change('UpdatePricingTerms', OFFER, id, offerPricingTerms(p))];
  const term = validity ?? (p.pricingModel === 'Usage' || instalments ? { AgreementDuration: duration(p.durationMonths) } : null);
  if (term) changes.push(change('UpdateValidityTerms', OFFER, id, { Terms: [{ Type: 'ValidityTerm', ...term }] }));
  if (instalments) {
    changes.push(
      change('UpdatePaymentScheduleTerms', OFFER, id, {
        Terms: [
          {
            Type: 'PaymentScheduleTerm',
            CurrencyCode: p.currency,
            Schedule: p.paymentSchedule!.map((s) => ({ ChargeDate: s.chargeDate, ChargeAmount: s.amount })),
          },
        ],
      }),
    );
  }
  return changes;
}

const legalDocument = (eula: Eula) =>
  eula.type === 'CustomEula' ? { Type: 'CustomEula', Url: eula.url } : { Type: 'StandardEula', Version: STANDARD_EULA_VERSION };
const offerLegalTerms = (eula: Eula) => ({ Terms: [{ Type: 'LegalTerm', Documents: [legalDocument(eula)] }] });
const information = (name: string) => ({ Name: name, Description: name });

/**
 * One change set that creates, configures and releases a private offer:
 * every change after the first refers to the new offer by placeholder, so
 * the whole offer exists at once or not at all.
 */
export function privateOfferChanges(spec: PrivateOfferSpec): CatalogChange[] {
  const id = placeholder(CREATE_OFFER);
  return [
    change(CREATE_OFFER, OFFER, undefined, { ProductId: spec.productId }, CREATE_OFFER),
    change('UpdateInformation', OFFER, id, information(spec.name)),
    change('UpdateTargeting', OFFER, id, { PositiveTargeting: { BuyerAccounts: spec.buyerAccounts } }),
    ...offerTermChanges(id, spec, null),
    change('UpdateLegalTerms', OFFER, id, offerLegalTerms(spec.eula)),
    change('UpdateAvailability', OFFER, id, { AvailabilityEndDate: day(spec.expiresAt) }),
    change('ReleaseOffer', OFFER, id, {}),
  ];
}

/**
 * Changes to a released offer. Only its name and its availability can still
 * change: AWS refuses new targeting, terms or legal documents after release
 * (see libs/domain releasedOfferProblems, which the API applies first).
 */
export function offerUpdateChanges(offerId: string, update: { name?: string; expiresAt?: Date }): CatalogChange[] {
  const changes: CatalogChange[] = [];
  if (update.name) changes.push(change('UpdateInformation', OFFER, offerId, information(update.name)));
  if (update.expiresAt) changes.push(change('UpdateAvailability', OFFER, offerId, { AvailabilityEndDate: day(update.expiresAt) }));
  return changes;
}

/** An availability end date in the past expires an offer: buyers can no longer accept it. */
export function expireOfferChanges(offerId: string, now: Date): CatalogChange[] {
  return [change('UpdateAvailability', OFFER, offerId, { AvailabilityEndDate: day(new Date(now.getTime() - 24 * 3600 * 1000)) })];
}

/**
 * The ISV's side of CPPO: authorise one reseller account to sell the product
 * at wholesale prices. A resale authorization has its own term types
 * (Resale*PricingTerm, BuyerLegalTerm) and no ValidityTerm: the contract's
 * duration is the rate card's selector.
 */
export function resaleAuthorizationChanges(spec: ResaleAuthorizationSpec): CatalogChange[] {
  const id = placeholder(CREATE_RESALE);
  const pricing =
    spec.pricingModel === 'Usage'
      ? { PricingModel: 'Usage', Terms: [usageBased('ResaleUsageBasedPricingTerm', spec.prices, spec.currency)] }
      : {
          PricingModel: 'Contract',
          Terms: [configurable('ResaleConfigurableUpfrontPricingTerm', spec.prices, spec.currency, spec.durationMonths)],
        };
  // The buyer's EULA: a standard one is managed by AWS Marketplace, so it has no Url (nor a Version, unlike an offer's LegalTerm).
  const document = spec.eula.type === 'CustomEula' ? { Type: 'CustomEula', Url: spec.eula.url } : { Type: 'StandardEula' };
  return [
    change(
      CREATE_RESALE,
      RESALE,
      undefined,
      { ProductId: spec.productId, Name: spec.name, Description: spec.name, ResellerAccountId: spec.resellerAccountId },
      CREATE_RESALE,
    ),
    change('UpdatePricingTerms', RESALE, id, pricing),
    change('UpdateLegalTerms', RESALE, id, { Terms: [{ Type: 'BuyerLegalTerm', Documents: [document] }] }),
    change('UpdateAvailability', RESALE, id, { AvailabilityEndDate: day(spec.expiresAt) }),
    change('ReleaseResaleAuthorization', RESALE, id, {}),
  ];
}

/**
 * The reseller's side of CPPO: an offer from the authorization, with its
 * markup, for its buyer. The product, terms and EULA come from the
 * authorization; Name and Description are required at creation.
 */
export function channelOfferChanges(spec: ChannelOfferSpec): CatalogChange[] {
  const id = placeholder(CREATE_CHANNEL_OFFER);
  return [
    change(
      CREATE_CHANNEL_OFFER,
      OFFER,
      undefined,
      { ResaleAuthorizationId: spec.resaleAuthorizationId, ...information(spec.name) },
      CREATE_CHANNEL_OFFER,
    ),
    change('UpdateTargeting', OFFER, id, { PositiveTargeting: { BuyerAccounts: spec.buyerAccounts } }),
    change('UpdateMarkup', OFFER, id, { Percentage: spec.markupPercent }),
    change('UpdateAvailability', OFFER, id, { AvailabilityEndDate: day(spec.expiresAt) }),
    change('ReleaseOffer', OFFER, id, {}),
  ];
}

/** A direct replacement offer: renews or upsells an agreement; its buyer is the agreement's acceptor. */
export function replacementOfferChanges(spec: ReplacementOfferSpec): CatalogChange[] {
  const id = placeholder(CREATE_REPLACEMENT);
  return [
    change(CREATE_REPLACEMENT, OFFER, undefined, { AgreementId: spec.agreementId, Name: spec.name }, CREATE_REPLACEMENT),
    change('UpdateInformation', OFFER, id, information(spec.name)),
    ...offerTermChanges(id, spec, { AgreementEndDate: day(spec.agreementEndDate) }),
    change('UpdateLegalTerms', OFFER, id, offerLegalTerms(spec.eula)),
    change('UpdateAvailability', OFFER, id, { AvailabilityEndDate: day(spec.expiresAt) }),
    change('ReleaseOffer', OFFER, id, {}),
  ];
}

/** A channel replacement offer: the reseller renews or upsells an agreement it proposed, under its authorization. */
export function channelReplacementOfferChanges(spec: ChannelReplacementOfferSpec): CatalogChange[] {
  const id = placeholder(CREATE_CHANNEL_REPLACEMENT);
  return [
    change(
      CREATE_CHANNEL_REPLACEMENT,
      OFFER,
      undefined,
      { ResaleAuthorizationId: spec.resaleAuthorizationId, Name: spec.name, AgreementId: spec.agreementId },
      CREATE_CHANNEL_REPLACEMENT,
    ),
    change('UpdateInformation', OFFER, id, information(spec.name)),
    change('UpdateMarkup', OFFER, id, { Percentage: spec.markupPercent }),
    change('UpdateValidityTerms', OFFER, id, { Terms: [{ Type: 'ValidityTerm', AgreementEndDate: day(spec.agreementEndDate) }] }),
    change('UpdateAvailability', OFFER, id, { AvailabilityEndDate: day(spec.expiresAt) }),
    change('ReleaseOffer', OFFER, id, {}),
  ];
}

/**
 * Listing edits pushed back: the product's title and its dimensions' names
 * (UpdateDimensions takes an array; a dimension's unit cannot be changed);
 * prices belong to the product's public offer.
 */
export function listingPushChanges(
  productId: string,
  edit: {
    title?: string;
    dimensions?: { key: string; name: string; types: string[] }[];
    publicOffer?: { offerId: string; prices: DimensionPrice[]; currency: string };
  },
): CatalogChange[] {
  const changes: CatalogChange[] = [];
  if (edit.title) changes.push(change('UpdateInformation', PRODUCT, productId, { ProductTitle: edit.title }));
  if (edit.dimensions?.length) {
    changes.push(
      change(
        'UpdateDimensions',
        PRODUCT,
        productId,
        edit.dimensions.map((d) => ({ Key: d.key, Types: d.types, Name: d.name, Description: d.name })),
      ),
    );
  }
  if (edit.publicOffer?.prices.length) {
    changes.push(
      change('UpdatePricingTerms', OFFER, edit.publicOffer.offerId, {
        PricingModel: 'Usage',
        Terms: [usageBased('UsageBasedPricingTerm', edit.publicOffer.prices, edit.publicOffer.currency)],
      }),
    );
  }
  return changes;
}

/** The Create* change whose outcome names the new entity. */
/** Azure's configure job makes or changes one private offer: its id is the set's entity (see azure/private-offer.builder). */
export const CREATING_CHANGE_TYPES = [
  CREATE_OFFER,
  CREATE_RESALE,
  CREATE_CHANNEL_OFFER,
  CREATE_REPLACEMENT,
  CREATE_CHANNEL_REPLACEMENT,
  'Configure',
];
