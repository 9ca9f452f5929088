import type { CatalogEntity, ProductDimension } from './catalog-entity.types';
import type { ChangeSet } from './change-set.types';

/** Catalog API times are ISO 8601 strings (restJson1, string members), to the second. */
export function isoString(date: Date | undefined): string | undefined {
  return date?.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function describeChangeSet(set: ChangeSet) {
  return {
    ChangeSetId: set.id,
    ChangeSetArn: set.arn,
    ChangeSetName: set.name,
    Intent: set.intent,
    StartTime: isoString(set.startTime),
    EndTime: isoString(set.endTime),
    Status: set.status,
    FailureCode: set.failureCode,
    FailureDescription: set.failureDescription,
    ChangeSet: set.outcomes.map((o) => ({
      ChangeType: o.change.ChangeType,
      Entity: { Type: o.change.Entity.Type, Identifier: o.entityId ?? o.change.Entity.Identifier },
      ...(o.change.asDocument ? { DetailsDocument: o.change.details } : { Details: JSON.stringify(o.change.details) }),
      ErrorDetailList: o.errors,
      ChangeName: o.change.ChangeName,
    })),
  };
}

export function changeSetSummary(set: ChangeSet) {
  return {
    ChangeSetId: set.id,
    ChangeSetArn: set.arn,
    ChangeSetName: set.name,
    StartTime: isoString(set.startTime),
    EndTime: isoString(set.endTime),
    Status: set.status,
    EntityIdList: [...new Set(set.outcomes.map((o) => o.entityId).filter((id): id is string => !!id))],
    FailureCode: set.failureCode,
  };
}

/** Sandbox-only facts kept on an offer's details, never shown: the agreement a replacement offer replaces. */
const INTERNAL_OFFER_FIELDS = ['ReplacesAgreement'];

/**
 * The DetailsDocument DescribeEntity returns, as the developer guide shows it
 * per entity type. A seeded product is kept with the fields agreements and
 * metering read (top-level ProductCode, ProductTitle, priced dimensions) and
 * shown as AWS shows a SaaSProduct: title, code and visibility under
 * Description, dimensions without prices.
 */
export function detailsDocument(e: CatalogEntity): Record<string, unknown> {
  const d = e.details;
  if (e.entityType === 'SaaSProduct') {
    return {
      Description: { ProductTitle: d.ProductTitle, ProductCode: d.ProductCode, Visibility: d.Visibility, ProductState: 'Active' },
      Dimensions: ((d.Dimensions ?? []) as ProductDimension[]).map((dim) => ({
        Name: dim.name,
        Description: dim.name,
        Key: dim.key,
        Unit: dim.unit,
        Types: dim.types,
      })),
    };
  }
  if (e.entityType === 'Offer') return Object.fromEntries(Object.entries(d).filter(([k]) => !INTERNAL_OFFER_FIELDS.includes(k)));
  return d;
}

export function describeEntity(e: CatalogEntity) {
  const details = detailsDocument(e);
  return {
    EntityType: `${e.entityType}@1.0`,
    EntityIdentifier: `${e.entityId}@1`,
    EntityArn: e.entityArn,
    LastModifiedDate: isoString(e.lastModifiedDate),
    DetailsDocument: details,
    Details: JSON.stringify(details),
  };
}

/** An offer's buyer accounts, from its TargetingRule. */
export function targetedBuyers(details: Record<string, unknown>): string[] {
  const targeting = ((details.Rules ?? []) as { Type?: string; PositiveTargeting?: { BuyerAccounts?: string[] } }[]).find(
    (r) => r.Type === 'TargetingRule',
  );
  return targeting?.PositiveTargeting?.BuyerAccounts ?? [];
}

/** An offer's availability end date, from its AvailabilityRule. */
export function availabilityEnd(details: Record<string, unknown>): string | undefined {
  return ((details.Rules ?? []) as { Type?: string; AvailabilityEndDate?: string }[]).find((r) => r.Type === 'AvailabilityRule')
    ?.AvailabilityEndDate;
}

export function entitySummary(e: CatalogEntity) {
  const d = e.details;
  const base = {
    Name: (d.Name ?? d.ProductTitle) as string | undefined,
    EntityType: e.entityType,
    EntityId: e.entityId,
    EntityArn: e.entityArn,
    LastModifiedDate: isoString(e.lastModifiedDate),
  };
  if (e.entityType === 'SaaSProduct')
    return { ...base, Visibility: d.Visibility, SaaSProductSummary: { ProductTitle: d.ProductTitle, Visibility: d.Visibility } };
  if (e.entityType === 'Offer') {
    const buyers = targetedBuyers(d);
    return {
      ...base,
      OfferSummary: {
        Name: d.Name,
        ProductId: d.ProductId,
        ResaleAuthorizationId: d.ResaleAuthorizationId,
        ReleaseDate: d.ReleaseDate,
        AvailabilityEndDate: availabilityEnd(d),
        BuyerAccounts: buyers.length ? buyers : undefined,
        State: d.State,
        Targeting: buyers.length ? ['BuyerAccounts'] : ['None'],
      },
    };
  }
  return {
    ...base,
    ResaleAuthorizationSummary: {
      Name: d.Name,
      ProductId: d.ProductId,
      ManufacturerAccountId: e.ownerAccountId,
      ResellerAccountID: d.ResellerAccountId,
      Status: d.Status,
      CreatedDate: isoString(e.lastModifiedDate),
    },
  };
}
