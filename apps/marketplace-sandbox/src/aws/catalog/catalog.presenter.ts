import type { CatalogEntity } from './catalog-entity.types';
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

export function entitySummary(e: CatalogEntity) {
  const d = e.details;
  const base = {
    Name: (d.Name ?? d.ProductTitle) as string | undefined,
    EntityType: e.entityType,
    EntityId: e.entityId,
    EntityArn: e.entityArn,
    LastModifiedDate: isoString(e.lastModifiedDate),
  };
  if (e.entityType === 'SaaSProduct') return { ...base, Visibility: d.Visibility, SaaSProductSummary: { ProductTitle: d.ProductTitle, Visibility: d.Visibility } };
  if (e.entityType === 'Offer') {
    const targeting = (d.Targeting ?? {}) as { PositiveTargeting?: { BuyerAccounts?: string[] } };
    return {
      ...base,
      OfferSummary: {
        Name: d.Name,
        ProductId: d.ProductId,
        ResaleAuthorizationId: d.ResaleAuthorizationId,
        ReleaseDate: d.ReleaseDate,
        AvailabilityEndDate: d.AvailabilityEndDate,
        BuyerAccounts: targeting.PositiveTargeting?.BuyerAccounts,
        State: d.State,
        Targeting: targeting.PositiveTargeting?.BuyerAccounts ? ['BuyerAccounts'] : ['None'],
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
