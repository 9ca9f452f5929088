import { Inject, Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import { MarketplaceEventInbox } from '@bridge/database';
import {
  agreementSignalSchema,
  azureSubscriptionIdOf,
  CATALOG_API,
  CO_SELL_API,
  CoSellRejectedError,
  isAzurePurchase,
  purchaseAgreementChangeOf,
  type CatalogApi,
  type CoSellApi,
} from '@bridge/marketplace';
import { changeSetIdFromName } from '../change-sets/change-set-outcome';
import { ChangeSetRepository } from '../change-sets/change-set.repository';
import { ChangeSetService } from '../change-sets/change-set.service';
import { OfferOutcomeRepository } from './offer-outcome.repository';

const CHANGE_SET_FINISHED = /^Change Set (Succeeded|Failed|Cancelled)$/;
/** An EventBridge detail is an object; each field is checked where it is used. */
const eventDetail = z.record(z.string(), z.unknown());

/**
 * What the marketplace tells private offers: a change set finished
 * (aws.marketplacecatalog) or a buyer accepted an offer
 * (aws.agreement-marketplace; on Azure, a subscription activated or
 * subscribed to, bought through one of our private offers). The attribution bridge hands each event over
 * once it has recorded the agreement, so the agreement row exists here.
 */
@Injectable()
export class OfferEventService {
  private readonly logger = new Logger(OfferEventService.name);

  constructor(
    private readonly inbox: MarketplaceEventInbox,
    private readonly sets: ChangeSetRepository,
    private readonly changeSets: ChangeSetService,
    private readonly outcomes: OfferOutcomeRepository,
    @Inject(CO_SELL_API) private readonly coSell: CoSellApi,
    @Inject(CATALOG_API) private readonly catalog: CatalogApi,
  ) {}

  async handle(eventId: string): Promise<void> {
    const event = await this.inbox.find(eventId);
    if (!event || event.parkedAt) return;
    const detail = eventDetail.safeParse(event.payload.detail).data ?? {};
    if (event.source === 'aws.marketplacecatalog' && CHANGE_SET_FINISHED.test(event.detailType)) {
      const row =
        (typeof detail.ChangeSetId === 'string' ? await this.sets.findByMarketplaceId(detail.ChangeSetId) : null) ??
        (await this.findByName(detail.ChangeSetName));
      if (row) await this.changeSets.follow(row.id, { pollAgain: false });
      return;
    }
    const change = purchaseAgreementChangeOf(event.detailType);
    if (event.source === 'aws.agreement-marketplace' && change === 'Created') {
      const signal = agreementSignalSchema.safeParse(detail);
      if (!signal.success) return;
      const outcome = await this.outcomes.markAccepted({ cloud: 'AWS', marketplaceAgreementId: signal.data.agreement.id, eventId });
      if (outcome?.accepted) this.logger.log(`offer ${outcome.marketplaceOfferId} accepted (agreement ${signal.data.agreement.id})`);
      await this.offerLinked(outcome?.linkedAgreementId ?? null);
      return;
    }
    // Azure: the subscription is the agreement; bought through one of our private offers, it was recorded with that offer's id.
    const subscriptionId = azureSubscriptionIdOf(event.payload);
    if (isAzurePurchase(event.source, event.detailType) && subscriptionId) {
      const outcome = await this.outcomes.markAccepted({ cloud: 'AZURE', marketplaceAgreementId: subscriptionId, eventId });
      if (outcome?.accepted) this.logger.log(`offer ${outcome.marketplaceOfferId} accepted (subscription ${subscriptionId})`);
      await this.offerLinked(outcome?.linkedAgreementId ?? null);
    }
  }

  /**
   * An agreement now has its offer, whose terms its reconciliation items are
   * judged by (a channel sale's share, a payment schedule, the fee tier):
   * those already judged are judged again by the attribution worker.
   */
  private async offerLinked(agreementId: string | null): Promise<void> {
    if (agreementId) await this.changeSets.agreementsLinked([agreementId]);
  }

  private async findByName(name: unknown) {
    const id = changeSetIdFromName(typeof name === 'string' ? name : null);
    return id ? this.sets.find(id) : null;
  }

  /** Co-sell: the link is recorded only once Partner Central has made it. */
  async linkOpportunity(offerId: string, opportunityId: string, actor: string): Promise<void> {
    const offer = await this.outcomes.findOfferForCoSell(offerId);
    if (!offer?.marketplaceOfferId) {
      await this.outcomes.recordOpportunityRefused(offerId, opportunityId, actor, 'the offer has no marketplace id yet: publish it first');
      return;
    }
    try {
      // The offer is stored by its catalog entity id; Partner Central wants its ARN, which the catalog states.
      const entity = await this.catalog.describeEntity(offer.marketplaceOfferId);
      if (!entity.entityArn) throw new CoSellRejectedError('NoOfferArn', `the catalog gave no ARN for offer ${offer.marketplaceOfferId}`);
      await this.coSell.linkOfferToOpportunity({ opportunityId, offerArn: entity.entityArn });
    } catch (error) {
      if (!(error instanceof CoSellRejectedError)) throw error;
      await this.outcomes.recordOpportunityRefused(
        offerId,
        opportunityId,
        actor,
        `Partner Central refused the link: ${error.message} (${error.code})`,
      );
      return;
    }
    await this.outcomes.recordOpportunity(offerId, opportunityId, actor);
  }
}
