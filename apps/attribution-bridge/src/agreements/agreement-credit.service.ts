import { Inject, Injectable, Logger } from '@nestjs/common';
import { MarketplaceEventInbox } from '@bridge/database';
import {
  agreementCreditAdjustments,
  attributeRevenue,
  DEFAULT_ENGAGEMENT_RULES,
  parseDecimalToMinor,
  type CreditLine,
} from '@bridge/domain';
import {
  AGREEMENT_SOURCE,
  AgreementNotFoundError,
  purchaseAgreementChangeOf,
  purchaseAgreementDetailSchema,
  type AgreementSource,
} from '@bridge/marketplace';
import { AgreementCreditRepository } from './agreement-credit.repository';

/** Agreement states in which nothing is owed any more: the credit returns to zero. */
const ENDED_WITHOUT_VALUE = new Set(['CANCELLED', 'TERMINATED', 'ROLLED_BACK']);
const ACTOR = 'attribution-bridge';

/**
 * Turns AWS purchase-agreement events into partner credit. The event says
 * which agreement changed; the Agreement API says what it is worth now. The
 * first event credits by the attribution rules; later ones (amendment,
 * cancellation) move each partner's credit to its share of the new value.
 */
@Injectable()
export class AgreementCreditService {
  private readonly logger = new Logger(AgreementCreditService.name);

  constructor(
    private readonly inbox: MarketplaceEventInbox,
    private readonly repository: AgreementCreditRepository,
    @Inject(AGREEMENT_SOURCE) private readonly agreements: AgreementSource,
  ) {}

  async applyEvent(eventId: string): Promise<void> {
    const event = await this.inbox.find(eventId);
    if (!event || event.processedAt) return;
    const change = purchaseAgreementChangeOf(event.detailType);
    if (event.source !== 'aws.agreement-marketplace' || !change) {
      await this.repository.markProcessed(eventId, `no credit effect: ${event.source} / ${event.detailType}`);
      return;
    }
    const detail = purchaseAgreementDetailSchema.parse((event.payload as { detail: unknown }).detail);
    let snapshot;
    try {
      snapshot = await this.agreements.describe(detail.agreement.id);
    } catch (error) {
      if (error instanceof AgreementNotFoundError) {
        // The marketplace does not know it: retrying will not change that.
        await this.repository.markProcessed(eventId, `not credited: ${error.message}`);
        return;
      }
      throw error;
    }

    const channel = detail.resaleAuthorization !== undefined;
    const context = await this.repository.loadContext('AWS', {
      proposerAccountId: detail.proposer.accountId,
      acceptorAccountId: detail.acceptor.accountId,
      productId: detail.product.id,
      channel,
    });
    const valueMinor = ENDED_WITHOUT_VALUE.has(snapshot.status) ? 0n : parseDecimalToMinor(snapshot.value, snapshot.currency);
    const acceptedAt = snapshot.acceptedAt ?? new Date(detail.agreement.acceptanceTime ?? event.receivedAt);

    const result = await this.repository.applyInTransaction(
      eventId,
      {
        cloud: 'AWS',
        marketplaceAgreementId: detail.agreement.id,
        marketplaceOfferId: detail.offer.id,
        productId: detail.product.id,
        acceptorAccountId: detail.acceptor.accountId,
        proposerAccountId: detail.proposer.accountId,
        resaleAuthorizationId: detail.resaleAuthorization?.id ?? null,
        intent: detail.agreement.intent ?? 'NEW',
        status: snapshot.status,
        valueMinor,
        currency: snapshot.currency,
        acceptedAt,
        startsAt: snapshot.startsAt,
        endsAt: snapshot.endsAt,
        customerId: context.customer?.id ?? null,
      },
      (credited: CreditLine[]) => {
        if (credited.length > 0) {
          return {
            lines: agreementCreditAdjustments(credited, valueMinor, snapshot.currency, `agreement ${change.toLowerCase()} (${snapshot.status})`),
            outcome: `agreement ${detail.agreement.id} ${change.toLowerCase()}: credit follows value ${snapshot.value} ${snapshot.currency}`,
          };
        }
        const decision = attributeRevenue(
          {
            kind: 'PURCHASE',
            cloud: 'AWS',
            sourceRef: detail.agreement.id,
            customerId: context.customer?.id ?? null,
            listingId: context.listingId,
            amountMinor: valueMinor,
            currency: snapshot.currency,
            occurredAt: acceptedAt,
            resellerPartnerId: context.resellerPartnerId,
            customerIsStrategic: context.customer?.strategic ?? false,
          },
          context.registrations,
          DEFAULT_ENGAGEMENT_RULES,
        );
        return { lines: decision.credits, outcome: `${decision.winner}: ${decision.reason}` };
      },
      ACTOR,
    );
    if (result.applied) this.logger.log(`event ${eventId}: agreement ${detail.agreement.id}, ${result.written} credit entries`);
  }
}
