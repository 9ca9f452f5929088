import { randomAlphanumeric } from '../../core/random-id.generator';
import type { CatalogEntity, EntityType } from './catalog-entity.types';
import type { ErrorDetail, RequestedChange } from './change-set.types';
import { error, validateBuyerAccounts, validateTerms } from './offer-terms.validator';

/** Entities as a change set sees them while it applies: store entities plus its own uncommitted edits. */
export interface WorkingCopy {
  get(entityId: string): { entityType: EntityType; details: Record<string, unknown> } | undefined;
  create(entityType: EntityType, entityId: string, details: Record<string, unknown>): void;
  product(productId: string): CatalogEntity | undefined;
  productDimensionKeys(productId: string): string[];
  now(): Date;
}

/**
 * Applies one change to the working copy and returns its errors. The change
 * set service commits the copy only when every change succeeded, so a
 * failed set leaves the catalog untouched, as on AWS.
 */
export function applyChange(change: RequestedChange, entityId: string | undefined, copy: WorkingCopy): { entityId?: string; errors: ErrorDetail[] } {
  const d = change.details;
  switch (change.ChangeType) {
    case 'CreateOffer':
    case 'CreateOfferUsingResaleAuthorization':
      return createOffer(change, copy);
    case 'CreateResaleAuthorization': {
      const productId = String(d.ProductId ?? '');
      if (!copy.product(productId)) return { errors: [error('INVALID_PRODUCT_ID', `Product ${productId} not found`)] };
      if (d.ResellerAccountId !== undefined && !/^\d{12}$/.test(String(d.ResellerAccountId))) {
        return { errors: [error('INVALID_RESELLER_ACCOUNT_ID', `Reseller account ${String(d.ResellerAccountId)} is not 12 digits`)] };
      }
      const id = `resaleauthz-${randomAlphanumeric(13)}`;
      copy.create('ResaleAuthorization', id, { Id: id, ProductId: productId, Name: d.Name, ResellerAccountId: d.ResellerAccountId, Status: 'Draft', Terms: [] });
      return { entityId: id, errors: [] };
    }
  }
  const target = entityId ? copy.get(entityId) : undefined;
  if (!entityId || !target) return { errors: [error('ENTITY_NOT_FOUND', `Entity ${entityId ?? '(none)'} not found`)] };
  const details = target.details;
  const productId = String(details.ProductId ?? '');
  switch (change.ChangeType) {
    case 'UpdateInformation':
      Object.assign(details, pick(d, ['Name', 'Description', 'PreExistingAgreement']));
      return ok(entityId);
    case 'UpdateTargeting': {
      const errors = validateBuyerAccounts(d);
      if (errors.length === 0) details.Targeting = { PositiveTargeting: d.PositiveTargeting };
      return { entityId, errors };
    }
    case 'UpdateBuyerAccounts':
      details.BuyerAccounts = d.BuyerAccounts;
      return ok(entityId);
    case 'UpdatePricingTerms':
    case 'UpdateValidityTerms':
    case 'UpdatePaymentScheduleTerms':
    case 'UpdateLegalTerms':
    case 'UpdateSupportTerms':
    case 'UpdateRenewalTerms': {
      const errors = ['UpdateSupportTerms', 'UpdateRenewalTerms'].includes(change.ChangeType)
        ? []
        : validateTerms(change.ChangeType, d, copy.productDimensionKeys(productId));
      if (errors.length === 0) mergeTerms(details, (d.Terms ?? []) as Record<string, unknown>[]);
      if (d.PricingModel) details.PricingModel = d.PricingModel;
      return { entityId, errors };
    }
    case 'UpdateAvailability': {
      const end = String(d.AvailabilityEndDate ?? '');
      if (Number.isNaN(Date.parse(end))) return { entityId, errors: [error('INVALID_DATE', `AvailabilityEndDate ${end} is not a date`)] };
      details.AvailabilityEndDate = end;
      // A date in the past expires the offer: buyers can no longer accept it.
      if (Date.parse(end) < copy.now().getTime()) details.State = 'Expired';
      return ok(entityId);
    }
    case 'UpdateMarkup': {
      const pct = String(d.Percentage ?? '');
      if (!details.ResaleAuthorizationId) return { entityId, errors: [error('INVALID_INPUT', 'Markup applies to offers made from a resale authorization')] };
      if (!/^\d{1,3}(\.\d{1,4})?$/.test(pct) || Number(pct) > 100) return { entityId, errors: [error('INVALID_MARKUP', `Percentage ${pct} must be a decimal string between 0 and 100`)] };
      details.Markup = { Percentage: pct };
      return ok(entityId);
    }
    case 'ReleaseOffer': {
      const terms = (details.Terms ?? []) as { Type: string }[];
      const priced = terms.some((t) => /PricingTerm$/.test(t.Type)) || Boolean(details.ResaleAuthorizationId);
      if (!priced) return { entityId, errors: [error('MISSING_PRICING_TERMS', 'An offer needs pricing terms before it is released')] };
      details.State = 'Released';
      details.ReleaseDate = copy.now().toISOString();
      return ok(entityId);
    }
    case 'ReleaseResaleAuthorization':
      details.Status = 'Active';
      return ok(entityId);
    case 'RestrictResaleAuthorization':
      details.Status = 'Restricted';
      return ok(entityId);
    default:
      return { entityId, errors: [error('UNSUPPORTED_CHANGE_TYPE', `The sandbox does not apply ${change.ChangeType}`)] };
  }
}

function createOffer(change: RequestedChange, copy: WorkingCopy): { entityId?: string; errors: ErrorDetail[] } {
  const d = change.details;
  const productId = String(d.ProductId ?? '');
  if (!copy.product(productId)) return { errors: [error('INVALID_PRODUCT_ID', `Product ${productId} not found`)] };
  let resaleAuthorizationId: string | undefined;
  if (change.ChangeType === 'CreateOfferUsingResaleAuthorization') {
    resaleAuthorizationId = String(d.ResaleAuthorizationId ?? '');
    const ra = copy.get(resaleAuthorizationId);
    if (!ra || ra.entityType !== 'ResaleAuthorization') return { errors: [error('INVALID_RESALE_AUTHORIZATION', `Resale authorization ${resaleAuthorizationId} not found`)] };
    if (ra.details.Status !== 'Active') return { errors: [error('INVALID_RESALE_AUTHORIZATION', `Resale authorization ${resaleAuthorizationId} is ${String(ra.details.Status)}, not Active`)] };
  }
  const id = `offer-${randomAlphanumeric(13)}`;
  copy.create('Offer', id, {
    Id: id,
    Name: d.Name,
    ProductId: productId,
    ResaleAuthorizationId: resaleAuthorizationId,
    State: 'Draft',
    Terms: [],
  });
  return { entityId: id, errors: [] };
}

/** A term replaces the offer's existing term of the same Type. */
function mergeTerms(details: Record<string, unknown>, terms: Record<string, unknown>[]): void {
  const existing = ((details.Terms ?? []) as Record<string, unknown>[]).filter((t) => !terms.some((n) => n.Type === t.Type));
  details.Terms = [...existing, ...terms];
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

function ok(entityId: string) {
  return { entityId, errors: [] };
}
