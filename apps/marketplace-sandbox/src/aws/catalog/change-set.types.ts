export type ChangeSetStatus = 'PREPARING' | 'APPLYING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface ErrorDetail {
  ErrorCode: string;
  ErrorMessage: string;
}

export interface RequestedChange {
  ChangeType: string;
  Entity: { Type: string; Identifier?: string };
  ChangeName?: string;
  /** Details parsed from either Details (a JSON string) or DetailsDocument. */
  details: Record<string, unknown> | Record<string, unknown>[];
  /** Whether the caller used DetailsDocument, so DescribeChangeSet echoes the same form. */
  asDocument: boolean;
}

export interface ChangeOutcome {
  change: RequestedChange;
  /** The entity the change ended up touching (the new id for a Create*). */
  entityId?: string;
  errors: ErrorDetail[];
}

export interface ChangeSet {
  readonly id: string;
  readonly arn: string;
  readonly name?: string;
  readonly intent: 'APPLY' | 'VALIDATE';
  readonly sellerAccountId: string;
  readonly clientRequestToken?: string;
  /** Fingerprint of the request, to tell an idempotent retry from a reused token. */
  readonly fingerprint: string;
  readonly changes: RequestedChange[];
  /** Existing entities this set changes, locked while it runs. */
  readonly lockedEntityIds: string[];
  status: ChangeSetStatus;
  startTime: Date;
  endTime?: Date;
  failureCode?: 'CLIENT_ERROR' | 'SERVER_FAULT';
  failureDescription?: string;
  outcomes: ChangeOutcome[];
}

/**
 * The change types the developer guide documents for each entity type the
 * sandbox holds ("Work with private offers", "Work with resale
 * authorizations", "Work with channel partner private offers", "Work with
 * seller products"), each with the DetailsDocument properties it takes:
 * any other property is refused with ValidationException, as AWS does
 * ("No additional properties are allowed").
 */
export const DOCUMENTED_CHANGES: Record<string, Record<string, readonly string[]>> = {
  'Offer@1.0': {
    CreateOffer: ['ProductId', 'Name', 'OfferSetId'],
    CreateReplacementOffer: ['AgreementId', 'Name'],
    CreateOfferUsingResaleAuthorization: ['ResaleAuthorizationId', 'Name', 'Description', 'OfferSetId'],
    CreateReplacementOfferUsingResaleAuthorization: ['ResaleAuthorizationId', 'Name', 'AgreementId'],
    UpdateInformation: ['Name', 'Description', 'PreExistingAgreement'],
    UpdateTargeting: ['PositiveTargeting', 'NegativeTargeting'],
    UpdateSupportTerms: ['Terms'],
    UpdateLegalTerms: ['Terms'],
    UpdatePricingTerms: ['PricingModel', 'Terms'],
    UpdateAvailability: ['AvailabilityEndDate'],
    UpdateValidityTerms: ['Terms'],
    UpdatePaymentScheduleTerms: ['Terms'],
    UpdateNetPaymentTerms: ['Terms'],
    UpdateRenewalTerms: ['Terms'],
    UpdateMarkup: ['Percentage'],
    ReleaseOffer: [],
  },
  'ResaleAuthorization@1.0': {
    CreateResaleAuthorization: ['ProductId', 'Name', 'Description', 'ResellerAccountId'],
    UpdateBuyerTargetingTerms: ['Terms'],
    UpdateAvailability: ['AvailabilityEndDate', 'OffersMaxQuantity'],
    UpdateBuyerValidityTerms: ['Terms'],
    UpdateLegalTerms: ['Terms'],
    UpdatePricingTerms: ['PricingModel', 'Terms'],
    UpdatePaymentScheduleTerms: ['Terms'],
    UpdateNetPaymentTerms: ['Terms'],
    UpdateInformation: ['Name', 'Description', 'PreExistingBuyerAgreement'],
    RestrictResaleAuthorization: [],
    ReleaseResaleAuthorization: [],
  },
  'SaaSProduct@1.0': {
    UpdateInformation: [
      'ProductTitle',
      'ShortDescription',
      'LongDescription',
      'Sku',
      'LogoUrl',
      'VideoUrls',
      'Highlights',
      'AdditionalResources',
      'SupportDescription',
      'Categories',
      'SearchKeywords',
    ],
    AddDimensions: ['Key', 'Description', 'Name', 'Types', 'Unit'],
    UpdateDimensions: ['Key', 'Types', 'Name', 'Description'],
    RestrictDimensions: ['Key', 'Types'],
    UpdateTargeting: ['PositiveTargeting'],
    UpdateVisibility: ['TargetVisibility'],
  },
};

/** Change types whose DetailsDocument is an array (one element per dimension), each element with the properties above. */
export const ARRAY_DETAILS = ['AddDimensions', 'UpdateDimensions', 'RestrictDimensions'];

/**
 * The term types each term-bearing change takes, per entity type. A resale
 * authorization has its own (Resale*, Buyer*) types; an offer's are refused
 * on it, and the other way round.
 */
export const DOCUMENTED_TERMS: Record<string, Record<string, readonly string[]>> = {
  'Offer@1.0': {
    UpdatePricingTerms: [
      'FreeTrialPricingTerm',
      'UsageBasedPricingTerm',
      'ConfigurableUpfrontPricingTerm',
      'ByolPricingTerm',
      'RecurringPaymentTerm',
      'FixedUpfrontPricingTerm',
    ],
    UpdateLegalTerms: ['LegalTerm'],
    UpdateSupportTerms: ['SupportTerm'],
    UpdateValidityTerms: ['ValidityTerm'],
    UpdatePaymentScheduleTerms: ['PaymentScheduleTerm'],
    UpdateNetPaymentTerms: ['NetPaymentTerm'],
    UpdateRenewalTerms: ['RenewalTerm'],
  },
  'ResaleAuthorization@1.0': {
    UpdatePricingTerms: ['ResaleUsageBasedPricingTerm', 'ResaleConfigurableUpfrontPricingTerm', 'ResaleFixedUpfrontPricingTerm'],
    UpdateLegalTerms: ['BuyerLegalTerm', 'ResaleLegalTerm'],
    UpdatePaymentScheduleTerms: ['ResalePaymentScheduleTerm'],
    UpdateBuyerTargetingTerms: ['BuyerTargetingTerm'],
    UpdateBuyerValidityTerms: ['BuyerValidityTerm'],
    UpdateNetPaymentTerms: ['ResaleNetPaymentTerm'],
  },
};

/** Change types that create their entity; later changes refer to it by `$<ChangeName>.Entity.Identifier`. */
export const CREATE_CHANGE_TYPES = [
  'CreateOffer',
  'CreateReplacementOffer',
  'CreateResaleAuthorization',
  'CreateOfferUsingResaleAuthorization',
  'CreateReplacementOfferUsingResaleAuthorization',
];
