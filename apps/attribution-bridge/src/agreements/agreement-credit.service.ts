import { Inject, Injectable, Logger } from '@nestjs/common';
import { EngagementRulesRepository, MarketplaceEventInbox } from '@bridge/database';
import { agreementCreditAdjustments, attributeRevenue, formatMinor, parseDecimalToMinor, type CreditLine } from '@bridge/domain';
import {
  AGREEMENT_SOURCE,
  AgreementNotFoundError,
  purchaseAgreementChangeOf,
  purchaseAgreementDetailSchema,
  type AgreementSource,
} from '@bridge/marketplace';
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
    await this.credit(
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
        valueMinor: ENDED_WITHOUT_VALUE.has(snapshot.status) ? 0n : parseDecimalToMinor(snapshot.value, snapshot.currency),
        currency: snapshot.currency,
        acceptedAt: snapshot.acceptedAt ?? new Date(detail.agreement.acceptanceTime ?? event.receivedAt),
        startsAt: snapshot.startsAt,
        endsAt: snapshot.endsAt,
        customerId: null,
      },
      eventId,
      `agreement ${change.toLowerCase()}`,
    );
  }

  /** Credits an agreement again from what is stored, e.g. once sales ops settled its conflict. */
  async recredit(agreementId: string): Promise<void> {
    const stored = await this.repository.findAgreement(agreementId);
    if (!stored) return;
    const { id: _id, offerId: _offer, createdAt: _created, updatedAt: _updated, ...record } = stored;
    await this.credit(record, null, 'conflict settled');
  }

  private async credit(agreement: AgreementRecord, eventId: string | null, what: string): Promise<void> {
    const context = await this.repository.loadContext(agreement.cloud, {
      proposerAccountId: agreement.proposerAccountId,
      acceptorAccountId: agreement.acceptorAccountId,
      productId: agreement.productId,
      channel: agreement.resaleAuthorizationId !== null,
    });
    const rules = await this.rules.current(context.customer ? [context.customer.id] : []);
    const value = formatMinor(agreement.valueMinor, agreement.currency, { withCode: true });
    const plan = (credited: CreditLine[]): CreditPlan => {
      if (credited.length > 0) {
        return {
          lines: agreementCreditAdjustments(credited, agreement.valueMinor, agreement.currency, `${what} (${agreement.status})`),
          outcome: `${what}: credit follows the agreement value ${value}`,
        };
      }
      const decision = attributeRevenue(
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
          isNewLogo: context.newLogo,
          isLegacyMigration: context.legacyMigration,
        },
        context.registrations,
        rules.rules,
      );
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
