import { Inject, Injectable, Logger } from '@nestjs/common';
import { EngagementRulesRepository, MarketplaceEventInbox, type MarketplaceEventPayload } from '@bridge/database';
import {
  agreementCreditAdjustments,
  attributeRevenue,
  explainNewLogo,
  formatMinor,
  newLogoVerdict,
  parseDecimalToMinor,
  type CreditLine,
  type EarlierAgreementFact,
} from '@bridge/domain';
import {
  AGREEMENT_SOURCE,
  AGREEMENT_SOURCE_NAME,
  AgreementNotFoundError,
  agreementSignalSchema,
  purchaseAgreementChangeOf,
  type AgreementSnapshot,
  type AgreementSource,
} from '@bridge/marketplace';
import { AzureSubscriptionEventReader } from '../azure-subscriptions/azure-subscription-event.reader';
import { AzureSubscriptionRepository } from '../azure-subscriptions/azure-subscription.repository';
import { AgreementEndMetering } from './agreement-end.metering';
import { AgreementCreditRepository, type AgreementRecord, type CreditPlan } from './agreement-credit.repository';

/** Agreement states in which nothing is owed any more: the credit returns to zero. */
const ENDED_WITHOUT_VALUE = new Set(['CANCELLED', 'TERMINATED', 'ROLLED_BACK']);
const ACTOR = 'attribution-bridge';

/**
 * Turns AWS purchase-agreement events into partner credit and commitment
 * drawdown. The event says which agreement changed; the Agreement API says
 * what it is worth now. The first credit comes from the rules of engagement;
 * later events (amendment, cancellation) move each partner's credit to its
 * share of the new value.
 */
@Injectable()
export class AgreementCreditService {
  private readonly logger = new Logger(AgreementCreditService.name);

  constructor(
    private readonly inbox: MarketplaceEventInbox,
    private readonly repository: AgreementCreditRepository,
    private readonly rules: EngagementRulesRepository,
    @Inject(AGREEMENT_SOURCE) private readonly agreements: AgreementSource,
    private readonly endMetering: AgreementEndMetering,
    private readonly azure: AzureSubscriptionEventReader,
    private readonly azureSubscriptions: AzureSubscriptionRepository,
  ) {}

  async applyEvent(eventId: string): Promise<void> {
    const event = await this.inbox.find(eventId);
    if (!event || event.processedAt || event.parkedAt) return;
    if (event.cloud === 'AZURE') return this.applyAzureEvent(event);
    const change = purchaseAgreementChangeOf(event.detailType);
    if (event.source !== AGREEMENT_SOURCE_NAME || !change) {
      await this.repository.markProcessed(eventId, `no credit effect: ${event.source} / ${event.detailType}`);
      return;
    }
    const signal = agreementSignalSchema.safeParse(event.payload.detail);
    if (!signal.success) {
      // The webhook parks such events; one stored before that rule is closed with the reason.
      await this.repository.markProcessed(eventId, `not credited: the event names no agreement id`);
      return;
    }
    // The event is only a signal: who bought what, from whom, for how much is
    // read back from the marketplace, so a forged or stale body moves nothing.
    let snapshot: AgreementSnapshot;
    try {
      snapshot = await this.agreements.describe(signal.data.agreement.id);
    } catch (error) {
      if (error instanceof AgreementNotFoundError) {
        // The marketplace does not know it: retrying will not change that.
        await this.repository.markProcessed(eventId, `not credited: ${error.message}`);
        return;
      }
      throw error;
    }
    if (!snapshot.offerId || !snapshot.productId || !snapshot.acceptorAccountId) {
      await this.repository.markProcessed(
        eventId,
        `not credited: DescribeAgreement of ${snapshot.agreementId} names no offer, product or acceptor`,
      );
      return;
    }
    if (change === 'Ended')
      await this.endMetering.agreementEnded({ ...snapshot, productId: snapshot.productId }, endOf(snapshot, event.receivedAt));
    const resaleAuthorizationId = await this.repository.resaleAuthorizationOf(
      'AWS',
      snapshot.offerId,
      snapshot.proposerAccountId,
      signal.data.resaleAuthorization?.id ?? null,
    );
    await this.credit(
      {
        cloud: 'AWS',
        marketplaceAgreementId: snapshot.agreementId,
        marketplaceOfferId: snapshot.offerId,
        productId: snapshot.productId,
        acceptorAccountId: snapshot.acceptorAccountId,
        proposerAccountId: snapshot.proposerAccountId,
        resaleAuthorizationId,
        // Kept on the first record only (a renewal is placed in its fee tier by it); Ended copies carry none.
        intent: signal.data.agreement.intent ?? 'NEW',
        status: snapshot.status,
        valueMinor: ENDED_WITHOUT_VALUE.has(snapshot.status) ? 0n : parseDecimalToMinor(snapshot.value, snapshot.currency),
        currency: snapshot.currency,
        acceptedAt: snapshot.acceptedAt ?? snapshot.startsAt ?? event.receivedAt,
        startsAt: snapshot.startsAt,
        endsAt: snapshot.endsAt,
        customerId: null,
        includedQuantities: snapshot.includedQuantities,
      },
      eventId,
      `agreement ${change.toLowerCase()}`,
    );
  }

  /**
   * An Azure subscription fact (the landing page's activation, a webhook
   * operation): the agreement follows the subscription Microsoft reports,
   * the metering subscription follows its plan and its end. A change still
   * waiting for the publisher's answer is left unprocessed; the acknowledger
   * queues it again once answered (and the sweep would).
   */
  private async applyAzureEvent(event: {
    id: string;
    source: string;
    detailType: string;
    payload: MarketplaceEventPayload;
    receivedAt: Date;
  }) {
    const effect = await this.azure.effectOf(event);
    if (effect.kind === 'wait') return;
    if (effect.kind === 'none') return this.repository.markProcessed(event.id, effect.reason);
    if (effect.meteredPlanId && (await this.azureSubscriptions.meterUnderPlan(effect.record.marketplaceAgreementId, effect.meteredPlanId)))
      this.logger.log(`Azure subscription ${effect.record.marketplaceAgreementId} now metered under plan ${effect.meteredPlanId}`);
    if (effect.meteringStatus && (await this.azureSubscriptions.meterWhile(effect.record.marketplaceAgreementId, effect.meteringStatus)))
      this.logger.log(
        `Azure subscription ${effect.record.marketplaceAgreementId}: usage ${effect.meteringStatus === 'SUSPENDED' ? 'held while suspended' : 'sent again'}`,
      );
    if (effect.endsMeteringAt) await this.endMetering.azureSubscriptionEnded(effect.record.marketplaceAgreementId, effect.endsMeteringAt);
    await this.credit(effect.record, event.id, effect.what);
  }

  /** Credits an agreement again from what is stored, e.g. once sales ops settled its conflict. */
  async recredit(agreementId: string): Promise<void> {
    const stored = await this.repository.findAgreement(agreementId);
    if (!stored) return;
    const { id: _id, offerId: _offer, createdAt: _created, updatedAt: _updated, includedQuantities: _included, ...record } = stored;
    await this.credit(record, null, 'conflict settled');
  }

  private async credit(agreement: AgreementRecord, eventId: string | null, what: string): Promise<void> {
    const context = await this.repository.loadContext(agreement.cloud, {
      proposerAccountId: agreement.proposerAccountId,
      acceptorAccountId: agreement.acceptorAccountId,
      productId: agreement.productId,
    });
    const rules = await this.rules.current(context.customer ? [context.customer.id] : []);
    const value = formatMinor(agreement.valueMinor, agreement.currency, { withCode: true });
    const plan = (credited: CreditLine[], otherAgreements: EarlierAgreementFact[] | null): CreditPlan => {
      if (credited.length > 0) {
        return {
          lines: agreementCreditAdjustments(credited, agreement.valueMinor, agreement.currency, `${what} (${agreement.status})`),
          outcome: `${what}: credit follows the agreement value ${value}`,
        };
      }
      const newLogo = newLogoVerdict({
        cloud: agreement.cloud,
        productId: agreement.productId,
        customerId: context.customer?.id ?? null,
        agreement: { agreementId: agreement.marketplaceAgreementId, startsAt: agreement.startsAt ?? agreement.acceptedAt },
        others: otherAgreements ?? [],
        claimed: context.newLogoClaimed,
      });
      const attributed = attributeRevenue(
        {
          kind: 'PURCHASE',
          cloud: agreement.cloud,
          sourceRef: agreement.marketplaceAgreementId,
          customerId: context.customer?.id ?? null,
          listingId: context.listing?.id ?? null,
          amountMinor: agreement.valueMinor,
          currency: agreement.currency,
          occurredAt: agreement.acceptedAt,
          resellerPartnerId: context.resellerPartnerId,
          customerIsStrategic: context.customer?.strategic ?? false,
          isNewLogo: newLogo.isNewLogo,
          newLogo,
          isLegacyMigration: context.legacyMigration,
        },
        context.registrations,
        rules.rules,
      );
      const decision = rules.rules.kickers.newLogoBps > 0 ? explainNewLogo(attributed, newLogo) : attributed;
      return { lines: decision.credits, outcome: `${decision.winner}: ${decision.reason}`, decision, ruleSetVersion: rules.version };
    };
    const result = await this.repository.applyInTransaction(
      eventId,
      { ...agreement, customerId: context.customer?.id ?? null, listing: context.listing },
      plan,
      ACTOR,
    );
    if (result.applied) this.logger.log(`agreement ${agreement.marketplaceAgreementId} (${what}): ${result.written} credit entries`);
  }
}

/** When usage stopped: the agreement's end if it is already past when we hear of it, else now. */
function endOf(snapshot: AgreementSnapshot, heardAt: Date): Date {
  return snapshot.endsAt && snapshot.endsAt < heardAt ? snapshot.endsAt : heardAt;
}
