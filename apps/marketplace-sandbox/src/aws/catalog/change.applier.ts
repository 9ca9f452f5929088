import { randomAlphanumeric } from '../../core/random-id.generator';
import type { CatalogEntity, EntityType } from './catalog-entity.types';
import type { ErrorDetail, RequestedChange } from './change-set.types';
import { error, validateBuyerAccounts, validateTerms } from './offer-terms.validator';
import { offerTermsFromResaleAuthorization } from './resale-terms.mapper';

/** The agreement a replacement offer renews or upsells, as the change set sees it. */
export interface ReplacedAgreement {
  agreementId: string;
  acceptorAccountId: string;
  proposerAccountId: string;
  productId: string;
  resaleAuthorizationId: string | undefined;
}

/** Entities as a change set sees them while it applies: store entities plus its own uncommitted edits. */
export interface WorkingCopy {
  get(entityId: string): { entityType: EntityType; details: Record<string, unknown> } | undefined;
  create(entityType: EntityType, entityId: string, details: Record<string, unknown>): void;
  product(productId: string): CatalogEntity | undefined;
  productDimensionKeys(productId: string): string[];
  agreement(agreementId: string): ReplacedAgreement | undefined;
  /** The seller account that started the change set. */
  caller: string;
  now(): Date;
}

type Result = { entityId?: string; errors: ErrorDetail[] };
const AFTER_RELEASE = "The requested change can't be performed after the offer is released.";
/** Changes AWS refuses on a released offer, with the error code it answers. */
const REFUSED_AFTER_RELEASE: Record<string, string> = {
  UpdateTargeting: 'INCOMPATIBLE_TARGETING',
  UpdatePricingTerms: 'INCOMPATIBLE_TERMS',
  UpdatePaymentScheduleTerms: 'INCOMPATIBLE_TERMS',
  UpdateLegalTerms: 'INCOMPATIBLE_TERMS',
  UpdateSupportTerms: 'INCOMPATIBLE_TERMS',
  UpdateRenewalTerms: 'INCOMPATIBLE_TERMS',
  UpdateNetPaymentTerms: 'INCOMPATIBLE_TERMS',
  UpdateMarkup: 'INCOMPATIBLE_MARKUP',
};

/**
 * Applies one change to the working copy and returns its errors. The change
 * set service commits the copy only when every change succeeded, so a
 * failed set leaves the catalog untouched, as on AWS. Entities keep the
 * DetailsDocument DescribeEntity returns: an offer's targeting and
 * availability are its Rules.
 */
export function applyChange(change: RequestedChange, entityId: string | undefined, copy: WorkingCopy): Result {
  if (change.Entity.Type === 'SaaSProduct@1.0') return applyToProduct(change, entityId, copy);
  const d = change.details as Record<string, unknown>;
  switch (change.ChangeType) {
    case 'CreateOffer':
      return createOffer(copy, String(d.ProductId ?? ''), { Name: d.Name });
    case 'CreateOfferUsingResaleAuthorization':
      return createFromResaleAuthorization(
        copy,
        String(d.ResaleAuthorizationId ?? ''),
        { Name: d.Name, Description: d.Description },
        undefined,
      );
    case 'CreateReplacementOffer':
      return createReplacement(copy, String(d.AgreementId ?? ''), d.Name, undefined);
    case 'CreateReplacementOfferUsingResaleAuthorization':
      return createReplacement(copy, String(d.AgreementId ?? ''), d.Name, String(d.ResaleAuthorizationId ?? ''));
    case 'CreateResaleAuthorization':
      return createResaleAuthorization(copy, d);
  }
  const target = entityId ? copy.get(entityId) : undefined;
  if (!entityId || !target) return { errors: [error('ENTITY_NOT_FOUND', `Entity ${entityId ?? '(none)'} not found`)] };
  return target.entityType === 'Offer'
    ? applyToOffer(change, entityId, target.details, copy)
    : applyToResaleAuthorization(change, entityId, target.details, copy);
}

/** A product's title and its dimensions' names; other product changes are accepted and leave the seeded product as it is. */
function applyToProduct(change: RequestedChange, entityId: string | undefined, copy: WorkingCopy): Result {
  const product = entityId ? copy.get(entityId) : undefined;
  if (!entityId || !product || product.entityType !== 'SaaSProduct')
    return { errors: [error('ENTITY_NOT_FOUND', `Entity ${entityId ?? '(none)'} not found`)] };
  if (change.ChangeType === 'UpdateInformation') {
    const title = (change.details as Record<string, unknown>).ProductTitle;
    if (typeof title === 'string') product.details.ProductTitle = title;
  }
  if (change.ChangeType === 'UpdateDimensions') {
    const dimensions = (product.details.Dimensions ?? []) as { key: string; name: string; types: string[] }[];
    for (const update of change.details as { Key: string; Types: string[]; Name: string }[]) {
      const dimension = dimensions.find(
        (dim) => dim.key === update.Key && [...dim.types].sort().join() === [...update.Types].sort().join(),
      );
      if (!dimension)
        return fail(
          entityId,
          'INVALID_DIMENSION',
          `Cannot restrict dimension. The dimension key '${update.Key}' with types '${update.Types.join(',')}' does not exist.`,
        );
      dimension.name = update.Name;
    }
  }
  return ok(entityId);
}

function applyToOffer(change: RequestedChange, entityId: string, details: Record<string, unknown>, copy: WorkingCopy): Result {
  const d = change.details as Record<string, unknown>;
  const refusal = REFUSED_AFTER_RELEASE[change.ChangeType];
  if (refusal && details.State === 'Released') return fail(entityId, refusal, AFTER_RELEASE);
  switch (change.ChangeType) {
    case 'UpdateInformation':
      Object.assign(details, pick(d, ['Name', 'Description', 'PreExistingAgreement']));
      return ok(entityId);
    case 'UpdateTargeting': {
      if (details.ReplacesAgreement) {
        return fail(
          entityId,
          'INCOMPATIBLE_TARGETING',
          "Targeting can't be updated on a replacement offer. If the buyer isn't associated with the provided AgreementId, then create a new private offer by providing an AgreementId associated with the buyer.",
        );
      }
      const errors = validateBuyerAccounts(d);
      if (errors.length === 0) setRule(details, { Type: 'TargetingRule', ...pick(d, ['PositiveTargeting', 'NegativeTargeting']) });
      return { entityId, errors };
    }
    case 'UpdateAvailability': {
      const end = String(d.AvailabilityEndDate ?? '');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(end) || Number.isNaN(Date.parse(end)))
        return fail(entityId, 'INVALID_AVAILABILITY_END_DATE', `AvailabilityEndDate ${end} is not a date (YYYY-MM-DD)`);
      setRule(details, { Type: 'AvailabilityRule', AvailabilityEndDate: `${end}T23:59:59.000Z` });
      // A date in the past expires the offer: buyers can no longer accept it.
      if (Date.parse(end) < copy.now().getTime() && details.State === 'Released') details.State = 'Expired';
      return ok(entityId);
    }
    case 'UpdateMarkup': {
      const pct = String(d.Percentage ?? '');
      if (!details.ResaleAuthorizationId)
        return fail(
          entityId,
          'INVALID_MARKUP_PERCENTAGE',
          'UpdateMarkup can only be invoked for offers created using ResaleAuthorization.',
        );
      if (!/^\d{1,3}(\.\d{1,9})?$/.test(pct))
        return fail(entityId, 'INVALID_MARKUP_PERCENTAGE', `Percentage ${pct} must be a non-negative decimal string`);
      const ra = copy.get(String(details.ResaleAuthorizationId));
      // Any existing markup is overwritten: the terms are the authorization's again, marked up.
      details.Terms = [...termsOtherThanPricing(details), ...offerTermsFromResaleAuthorization(ra?.details ?? {}, pct).filter(isPricing)];
      return ok(entityId);
    }
    case 'ReleaseOffer':
      return releaseOffer(entityId, details);
  }
  return updateTerms(change, entityId, details, copy);
}

function applyToResaleAuthorization(
  change: RequestedChange,
  entityId: string,
  details: Record<string, unknown>,
  copy: WorkingCopy,
): Result {
  const d = change.details as Record<string, unknown>;
  const released = details.Status !== 'Draft';
  switch (change.ChangeType) {
    case 'UpdateInformation':
      Object.assign(details, pick(d, ['Name', 'Description', 'PreExistingBuyerAgreement']));
      return ok(entityId);
    case 'UpdateAvailability':
      setRule(details, { Type: 'AvailabilityRule', Usage: 'Limited', ...pick(d, ['AvailabilityEndDate', 'OffersMaxQuantity']) });
      return ok(entityId);
    case 'ReleaseResaleAuthorization': {
      if (released)
        return fail(
          entityId,
          'INCOMPATIBLE_STATUS',
          "ReleaseResaleAuthorization request can't be performed after the resale authorization is released.",
        );
      const types = ((details.Terms ?? []) as { Type: string }[]).map((t) => t.Type);
      if (!types.includes('BuyerLegalTerm')) return fail(entityId, 'MISSING_MANDATORY_TERMS', 'Provide a BuyerLegalTerm.');
      if (!types.some((t) => /^Resale.*PricingTerm$/.test(t))) return fail(entityId, 'MISSING_MANDATORY_TERMS', 'Provide a PricingTerm.');
      details.Status = 'Active';
      return ok(entityId);
    }
    case 'RestrictResaleAuthorization':
      details.Status = 'Restricted';
      return ok(entityId);
    case 'UpdateNetPaymentTerms':
      if (released)
        return fail(
          entityId,
          'INCOMPATIBLE_STATUS',
          "UpdateNetPaymentTerms request can't be performed after the resale authorization is released.",
        );
      break;
    case 'UpdateBuyerTargetingTerms': {
      // Requested as account id strings; DescribeEntity shows each as { AwsAccountId }.
      const terms = ((d.Terms ?? []) as { PositiveTargeting?: { BuyerAccounts?: string[] } }[]).map((t) => ({
        ...t,
        PositiveTargeting: { BuyerAccounts: (t.PositiveTargeting?.BuyerAccounts ?? []).map((AwsAccountId) => ({ AwsAccountId })) },
      }));
      details.Terms = [...((details.Terms ?? []) as Record<string, unknown>[]).filter((t) => t.Type !== 'BuyerTargetingTerm'), ...terms];
      return ok(entityId);
    }
  }
  return updateTerms(change, entityId, details, copy);
}

/** A term-bearing change replaces the terms of its own types (the page: terms not in the request are removed). */
function updateTerms(change: RequestedChange, entityId: string, details: Record<string, unknown>, copy: WorkingCopy): Result {
  const d = change.details as Record<string, unknown>;
  const errors = validateTerms(change.ChangeType, d, copy.productDimensionKeys(String(details.ProductId ?? '')));
  if (errors.length) return { entityId, errors };
  const incoming = (d.Terms ?? []) as Record<string, unknown>[];
  const kinds = kindOf(change.ChangeType);
  details.Terms = [...((details.Terms ?? []) as Record<string, unknown>[]).filter((t) => !kinds(String(t.Type))), ...incoming];
  return ok(entityId);
}

const kindOf = (changeType: string) => (type: string) =>
  ({
    UpdatePricingTerms: /PricingTerm$|^RecurringPaymentTerm$/.test(type),
    UpdateLegalTerms: /LegalTerm$/.test(type),
    UpdatePaymentScheduleTerms: /PaymentScheduleTerm$/.test(type),
  })[changeType] ?? type === changeType.replace(/^Update(.*)Terms$/, '$1Term');

/**
 * Release validates the whole offer. An offer paid by instalments must carry
 * a FixedUpfrontPricingTerm priced 0 and nothing priced upfront besides.
 */
function releaseOffer(entityId: string, details: Record<string, unknown>): Result {
  if (details.State === 'Released') return fail(entityId, 'INVALID_UPDATE_REQUEST', AFTER_RELEASE);
  const terms = (details.Terms ?? []) as Record<string, unknown>[];
  const buyers = ((rule(details, 'TargetingRule').PositiveTargeting ?? {}) as { BuyerAccounts?: string[] }).BuyerAccounts ?? [];
  if (!details.Name) return fail(entityId, 'MISSING_NAME', 'Set Name before releasing the offer.');
  if (!terms.some(isPricing)) return fail(entityId, 'MISSING_MANDATORY_TERMS', 'Add [PricingTerm] to the offer.');
  if (details.ResaleAuthorizationId && buyers.length === 0)
    return fail(
      entityId,
      'MISSING_BUYER_ACCOUNTS',
      'Provide PositiveTargeting with BuyersAccounts for offers created using ResaleAuthorization.',
    );
  if (buyers.length > 0 && !rule(details, 'AvailabilityRule').AvailabilityEndDate)
    return fail(entityId, 'MISSING_AVAILABILITY_END_DATE', 'Provide an AvailabilityEndDate for private offer.');
  if (terms.some((t) => t.Type === 'PaymentScheduleTerm')) {
    const upfront = terms.find((t) => t.Type === 'FixedUpfrontPricingTerm');
    if (!upfront)
      return fail(entityId, 'MISSING_MANDATORY_TERMS', 'Provide a FixedUpfrontPricingTerm when the offer contains a PaymentScheduleTerm.');
    if (Number(upfront.Price) !== 0)
      return fail(
        entityId,
        'INCOMPATIBLE_TERMS',
        'Provide zero (0) price for FixedUpfrontPricingTerm when the offer contains a PaymentScheduleTerm.',
      );
  }
  if (details.ReplacesAgreement && !terms.some((t) => t.Type === 'ValidityTerm' && t.AgreementEndDate))
    return fail(entityId, 'MISSING_AGREEMENT_END_DATE', 'Provide an AgreementEndDate for replacement offers.');
  details.State = 'Released';
  return ok(entityId);
}

function createOffer(
  copy: WorkingCopy,
  productId: string,
  info: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  rules: Record<string, unknown>[] = [],
  terms: Record<string, unknown>[] = [],
): Result {
  if (!copy.product(productId)) return { errors: [error('INCOMPATIBLE_PRODUCT', 'Use an active product in Limited or Public state.')] };
  const id = `offer-${randomAlphanumeric(13)}`;
  copy.create('Offer', id, {
    Id: id,
    State: 'Draft',
    ...pick(info, ['Name', 'Description']),
    ProductId: productId,
    ...extra,
    Terms: terms,
    Rules: rules,
  });
  return { entityId: id, errors: [] };
}

/** A CPPO starts as a draft carrying the authorization's product, terms (as offer terms) and buyer targeting. */
function createFromResaleAuthorization(
  copy: WorkingCopy,
  resaleAuthorizationId: string,
  info: Record<string, unknown>,
  replaces: ReplacedAgreement | undefined,
): Result {
  const ra = copy.get(resaleAuthorizationId);
  const partner = ra ? (rule(ra.details, 'PartnerTargetingRule') as { ResellerAccountId?: string }) : {};
  if (!ra || ra.entityType !== 'ResaleAuthorization' || partner.ResellerAccountId !== copy.caller || ra.details.Status !== 'Active') {
    return { errors: [error('INCOMPATIBLE_RESALE_AUTHORIZATION', 'Use a ResaleAuthorization in active state.')] };
  }
  if (replaces && replaces.productId !== ra.details.ProductId)
    return {
      errors: [
        error(
          'INCOMPATIBLE_RESALE_AUTHORIZATION',
          'The ResaleAuthorization must be for the same product that is associated with the agreement.',
        ),
      ],
    };
  const buyers = replaces ? [replaces.acceptorAccountId] : buyerTargeting(ra.details);
  const rules = buyers.length ? [{ Type: 'TargetingRule', PositiveTargeting: { BuyerAccounts: buyers } }] : [];
  const extra = { ResaleAuthorizationId: resaleAuthorizationId, ...(replaces ? { ReplacesAgreement: replaces.agreementId } : {}) };
  return createOffer(copy, String(ra.details.ProductId), info, extra, rules, offerTermsFromResaleAuthorization(ra.details, '0'));
}

/** A replacement offer targets the agreement's acceptor, for good; only the agreement's proposer may make one. */
function createReplacement(copy: WorkingCopy, agreementId: string, name: unknown, resaleAuthorizationId: string | undefined): Result {
  const agreement = copy.agreement(agreementId);
  if (!agreement || agreement.proposerAccountId !== copy.caller)
    return { errors: [error('INCOMPATIBLE_AGREEMENT', `Agreement ${agreementId} doesn't exist or wasn't proposed by you.`)] };
  if (resaleAuthorizationId) return createFromResaleAuthorization(copy, resaleAuthorizationId, { Name: name }, agreement);
  if (agreement.resaleAuthorizationId) {
    return {
      errors: [
        error(
          'INCOMPATIBLE_AGREEMENT',
          "CreateReplacementOffer change type can't be invoked to create a replacement offer for the agreement. Use CreateReplacementOfferUsingResaleAuthorization change type.",
        ),
      ],
    };
  }
  const rules = [{ Type: 'TargetingRule', PositiveTargeting: { BuyerAccounts: [agreement.acceptorAccountId] } }];
  return createOffer(copy, agreement.productId, { Name: name }, { ReplacesAgreement: agreement.agreementId }, rules);
}

function createResaleAuthorization(copy: WorkingCopy, d: Record<string, unknown>): Result {
  const productId = String(d.ProductId ?? '');
  const product = copy.product(productId);
  if (!product) return { errors: [error('INCOMPATIBLE_PRODUCT', 'Use an active product in limited or public state.')] };
  if (!/^\d{12}$/.test(String(d.ResellerAccountId ?? '')))
    return { errors: [error('INVALID_RESELLER_ACCOUNT', 'Provide a valid reseller account.')] };
  const id = `resaleauthz-${randomAlphanumeric(13)}`;
  copy.create('ResaleAuthorization', id, {
    Name: d.Name,
    ...pick(d, ['Description']),
    ProductId: productId,
    ProductName: product.details.ProductTitle,
    Status: 'Draft',
    CreatedDate: copy.now().toISOString(),
    ManufacturerAccountId: product.ownerAccountId,
    Terms: [],
    Rules: [{ Type: 'PartnerTargetingRule', ResellerAccountId: d.ResellerAccountId }],
  });
  return { entityId: id, errors: [] };
}

const isPricing = (t: Record<string, unknown>) => /PricingTerm$/.test(String(t.Type)) || t.Type === 'PaymentScheduleTerm';
const termsOtherThanPricing = (details: Record<string, unknown>) =>
  ((details.Terms ?? []) as Record<string, unknown>[]).filter((t) => !isPricing(t));
const rule = (details: Record<string, unknown>, type: string): Record<string, unknown> =>
  ((details.Rules ?? []) as Record<string, unknown>[]).find((r) => r.Type === type) ?? {};

function buyerTargeting(raDetails: Record<string, unknown>): string[] {
  const term = ((raDetails.Terms ?? []) as Record<string, unknown>[]).find((t) => t.Type === 'BuyerTargetingTerm');
  return (((term?.PositiveTargeting ?? {}) as { BuyerAccounts?: { AwsAccountId: string }[] }).BuyerAccounts ?? []).map(
    (b) => b.AwsAccountId,
  );
}

/** A rule replaces the entity's rule of the same Type. */
function setRule(details: Record<string, unknown>, next: Record<string, unknown>): void {
  details.Rules = [...((details.Rules ?? []) as Record<string, unknown>[]).filter((r) => r.Type !== next.Type), next];
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

const ok = (entityId: string): Result => ({ entityId, errors: [] });
const fail = (entityId: string, code: string, message: string): Result => ({ entityId, errors: [error(code, message)] });
