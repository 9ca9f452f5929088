import { Injectable } from '@nestjs/common';
import { EventBridgePublisher } from '../../events/eventbridge-publisher.service';
import { uuid } from '../../core/random-id.generator';
import type { CatalogEntity } from './catalog-entity.types';
import { availabilityEnd, isoString, targetedBuyers } from './catalog.presenter';
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
        StartTime: isoString(set.startTime),
        EndTime: isoString(set.endTime),
        ...(set.failureCode ? { FailureCode: set.failureCode } : {}),
      },
    });
  }

  /**
   * "Offer Released" as the seller guide shows it. The offer's ARN in the
   * event has the documented arn:aws:catalog form, unlike the entity's.
   */
  offerReleased(offer: CatalogEntity, product: CatalogEntity | undefined): void {
    const manufacturer = product?.ownerAccountId ?? offer.ownerAccountId;
    const end = availabilityEnd(offer.details);
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
          arn: `arn:aws:catalog:us-east-1:${offer.ownerAccountId}:Offer/${offer.entityId}`,
          name: offer.details.Name,
          expirationDate: end ? isoString(new Date(end)) : undefined,
        },
        product: product ? { id: product.entityId, arn: product.entityArn, title: product.details.ProductTitle } : undefined,
        manufacturer: { accountId: manufacturer, name: sellerName(manufacturer) },
        sellerOfRecord: { accountId: offer.ownerAccountId, name: sellerName(offer.ownerAccountId) },
        targetedBuyerAccountIds: targetedBuyers(offer.details),
      },
    });
  }
}

/** The sandbox knows sellers by account only; their legal names are made from it. */
const sellerName = (accountId: string) => `Seller ${accountId}`;
