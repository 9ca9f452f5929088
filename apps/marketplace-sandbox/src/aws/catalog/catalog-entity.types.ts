export type EntityType = 'SaaSProduct' | 'Offer' | 'ResaleAuthorization';
export const ENTITY_TYPES: readonly EntityType[] = ['SaaSProduct', 'Offer', 'ResaleAuthorization'];

export interface ProductDimension {
  key: string;
  name: string;
  unit: string;
  /** Price per unit as a decimal string ("0.10"); never a float. */
  price: string;
  /** Metered (usage) or Entitled (contract) dimension. */
  types: string[];
}

export interface CatalogEntity {
  readonly entityId: string;
  readonly entityType: EntityType;
  readonly entityArn: string;
  readonly ownerAccountId: string;
  lastModifiedDate: Date;
  /** The DetailsDocument DescribeEntity returns; shaped as the real entity type's details. */
  details: Record<string, unknown>;
}
