import { Injectable } from '@nestjs/common';
import { EventBridgePublisher } from '../../events/eventbridge-publisher.service';
import { uuid } from '../../core/random-id.generator';
import type { CatalogEntity } from './catalog-entity.types';
import type { ChangeSet } from './change-set.types';

export const CATALOG_EVENT_SOURCE = 'aws.marketplacecatalog';

@Injectable()
export class CatalogEventsPublisher {
  constructor(private readonly eventBridge: EventBridgePublisher) {}

  changeSetFinished(set: ChangeSet): void {
    const detailType = { SUCCEEDED: 'Change Set Succeeded', FAILED: 'Change Set Failed', CANCELLED: 'Change Set Cancelled' }[
      set.status as 'SUCCEEDED' | 'FAILED' | 'CANCELLED'
    ];
    this.eventBridge.publish({
      detailType,
      source: CATALOG_EVENT_SOURCE,
      account: set.sellerAccountId,
      resources: [set.arn],
      detail: {
        requestId: uuid(),
        Catalog: 'AWSMarketplace',
        ChangeSetId: set.id,
        ChangeSetName: set.name,
        ...(set.failureCode ? { FailureCode: set.failureCode } : {}),
      },
    });
  }

  offerReleased(offer: CatalogEntity, product: CatalogEntity | undefined): void {
    const targeting = (offer.details.Targeting ?? {}) as { PositiveTargeting?: { BuyerAccounts?: string[] } };
    this.eventBridge.publish({
      detailType: 'Offer Released',
      source: CATALOG_EVENT_SOURCE,
      account: offer.ownerAccountId,
      resources: [offer.entityArn],
      detail: {
        requestId: uuid(),
        catalog: 'AWSMarketplace',
        offer: {
          id: offer.entityId,
          arn: offer.entityArn,
          name: offer.details.Name,
          expirationDate: offer.details.AvailabilityEndDate,
        },
        product: product ? { id: product.entityId, arn: product.entityArn, title: product.details.ProductTitle } : undefined,
        manufacturer: { accountId: product?.ownerAccountId ?? offer.ownerAccountId },
        sellerOfRecord: { accountId: offer.ownerAccountId },
        targetedBuyerAccountIds: targeting.PositiveTargeting?.BuyerAccounts ?? [],
        ...(offer.details.ResaleAuthorizationId ? { resaleAuthorization: { id: offer.details.ResaleAuthorizationId } } : {}),
      },
    });
  }
}
