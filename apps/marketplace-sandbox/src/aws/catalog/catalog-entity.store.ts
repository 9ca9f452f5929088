import { Injectable } from '@nestjs/common';
import { ClockService } from '../../clock/clock.service';
import { ResetRegistry, type ResettableState } from '../../core/reset.registry';
import type { CatalogEntity, EntityType, ProductDimension } from './catalog-entity.types';

/**
 * Catalog entities (products, offers, resale authorizations). Products are
 * seeded through the control API; offers and resale authorizations are made
 * by change sets. Agreements and metering read products from here.
 */
@Injectable()
export class CatalogEntityStore implements ResettableState {
  private entities = new Map<string, CatalogEntity>();

  constructor(
    registry: ResetRegistry,
    private readonly clock: ClockService,
  ) {
    registry.register(this);
  }

  put(input: { entityId: string; entityType: EntityType; ownerAccountId: string; details: Record<string, unknown> }): CatalogEntity {
    const entity: CatalogEntity = {
      ...input,
      entityArn: `arn:aws:aws-marketplace:us-east-1:${input.ownerAccountId}:AWSMarketplace/${input.entityType}/${input.entityId}`,
      lastModifiedDate: this.clock.now(),
    };
    this.entities.set(entity.entityId, entity);
    return entity;
  }

  get(entityId: string): CatalogEntity | undefined {
    return this.entities.get(entityId);
  }

  touch(entity: CatalogEntity): void {
    entity.lastModifiedDate = this.clock.now();
  }

  list(entityType: EntityType): CatalogEntity[] {
    return [...this.entities.values()].filter((e) => e.entityType === entityType);
  }

  productByCode(productCode: string): CatalogEntity | undefined {
    return this.list('SaaSProduct').find((p) => p.details.ProductCode === productCode);
  }

  productDimensions(product: CatalogEntity): ProductDimension[] {
    return (product.details.Dimensions as ProductDimension[] | undefined) ?? [];
  }

  reset(): void {
    this.entities = new Map();
  }
}
