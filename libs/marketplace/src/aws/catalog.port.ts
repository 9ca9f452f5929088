/**
 * What the product needs of a marketplace catalog (AWS Marketplace Catalog
 * API): read products and offers, send change sets, follow them. The AWS
 * adapter implements it; the errors below are the ones callers act on.
 */
export interface CatalogEntitySummary {
  entityId: string;
  entityType: string;
  name: string | null;
  /** The catalog's own LastModifiedDate string: compared, never parsed into local time. */
  lastModifiedDate: string | null;
}

export interface CatalogEntity {
  entityId: string;
  entityType: string;
  entityArn: string | null;
  lastModifiedDate: string | null;
  /** The DetailsDocument (an object for every entity type the product reads). */
  details: Record<string, unknown>;
}

/**
 * One change of a change set as the Catalog API takes it (Details as JSON;
 * the adapter serialises it). Most change types take an object; a few, such
 * as a product's UpdateDimensions, take an array.
 */
export interface CatalogChange {
  ChangeType: string;
  Entity: { Type: string; Identifier?: string };
  ChangeName?: string;
  Details: Record<string, unknown> | Record<string, unknown>[];
}

export type ChangeSetState = 'PREPARING' | 'APPLYING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface ChangeOutcome {
  changeType: string;
  changeName: string | null;
  entityId: string | null;
  errors: { code: string; message: string }[];
}

export interface ChangeSetDescription {
  changeSetId: string;
  status: ChangeSetState;
  failureCode: string | null;
  failureDescription: string | null;
  changes: ChangeOutcome[];
}

/** Whose seller account a call is made as: null is the ISV's own account; a reseller's for channel offers. */
export type SellerAccount = string | null;

export interface CatalogApi {
  listEntities(
    entityType: string,
    page: { nextToken?: string; modifiedAfter?: string },
  ): Promise<{ entities: CatalogEntitySummary[]; nextToken: string | null }>;
  describeEntity(entityId: string): Promise<CatalogEntity>;
  startChangeSet(input: {
    seller: SellerAccount;
    name: string;
    clientRequestToken: string;
    changes: CatalogChange[];
  }): Promise<{ changeSetId: string }>;
  describeChangeSet(seller: SellerAccount, changeSetId: string): Promise<ChangeSetDescription>;
}

export const CATALOG_API = Symbol('CATALOG_API');

/** Sending a change set and following it: what every cloud's catalog offers (Azure's as a configure job). */
export type ChangeSetApi = Pick<CatalogApi, 'startChangeSet' | 'describeChangeSet'>;

/** Azure's catalog writes: configure jobs of the Product Ingestion API, behind the change-set port. */
export const AZURE_CHANGE_SET_API = Symbol('AZURE_CHANGE_SET_API');

/** Worth retrying later: the entity is locked, the open-change-set quota is used up, or we are throttled. */
export class CatalogRetryLaterError extends Error {
  constructor(
    readonly reason: 'ENTITY_LOCKED' | 'QUOTA_EXCEEDED' | 'THROTTLED' | 'SERVER_FAULT',
    message: string,
  ) {
    super(message);
    this.name = 'CatalogRetryLaterError';
  }
}

/** The catalog refused the request itself (validation, access, unknown entity): retrying will not help. */
export class CatalogRejectedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CatalogRejectedError';
  }
}
