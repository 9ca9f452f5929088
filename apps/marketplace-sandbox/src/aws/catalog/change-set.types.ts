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
  details: Record<string, unknown>;
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

/** Change types each entity type accepts (MARKETPLACE.md). */
export const CHANGE_TYPES: Record<string, readonly string[]> = {
  'Offer@1.0': [
    'CreateOffer',
    'UpdateInformation',
    'UpdateTargeting',
    'UpdatePricingTerms',
    'UpdateValidityTerms',
    'UpdatePaymentScheduleTerms',
    'UpdateLegalTerms',
    'UpdateSupportTerms',
    'UpdateRenewalTerms',
    'UpdateAvailability',
    'ReleaseOffer',
    'CreateOfferUsingResaleAuthorization',
    'UpdateMarkup',
  ],
  'ResaleAuthorization@1.0': [
    'CreateResaleAuthorization',
    'UpdateInformation',
    'UpdatePricingTerms',
    'UpdateValidityTerms',
    'UpdatePaymentScheduleTerms',
    'UpdateLegalTerms',
    'UpdateAvailability',
    'UpdateBuyerAccounts',
    'ReleaseResaleAuthorization',
    'RestrictResaleAuthorization',
  ],
  'SaaSProduct@1.0': ['UpdateInformation', 'AddDimensions', 'UpdateDimensions', 'UpdateVisibility'],
};

/** Change types that create their entity; later changes refer to it by `$<ChangeName>.Entity.Identifier`. */
export const CREATE_CHANGE_TYPES = ['CreateOffer', 'CreateResaleAuthorization', 'CreateOfferUsingResaleAuthorization'];
