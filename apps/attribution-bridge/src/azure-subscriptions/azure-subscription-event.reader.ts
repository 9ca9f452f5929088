import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { MarketplaceEventPayload } from '@bridge/database';
import {
  azureIncludedQuantities,
  azurePrivateOfferOf,
  azureSubscriptionValue,
  azureTermsCharged,
  isAwaitingPublisher,
  privateOfferPlanPrices,
} from '@bridge/domain';
import {
  AZURE_LANDING_SOURCE,
  AZURE_WEBHOOK_SOURCE,
  AzureCallError,
  SAAS_FULFILLMENT_API,
  azureSubscriptionIdOf,
  type SaasFulfillmentApi,
  type SaasOperation,
  type SaasSubscription,
} from '@bridge/marketplace';
import type { AgreementRecord } from '../agreements/agreement-credit.repository';
import { AzureSubscriptionRepository } from './azure-subscription.repository';

/** What an Azure inbox event comes to, once Microsoft has been asked again. */
export type AzureEventEffect =
  /** The buyer's plan or quantity change still waits for the publisher's answer: act once it is given. */
  | { kind: 'wait' }
  | { kind: 'none'; reason: string }
  | {
      kind: 'agreement';
      record: AgreementRecord;
      what: string;
      /** Unsubscribe: the final-usage window opens at this time. */
      endsMeteringAt: Date | null;
      /** ChangePlan: usage is metered under this plan from now on. */
      meteredPlanId: string | null;
      /** Whether usage is sent (Subscribed) or held (Suspended), as the subscription read back stands now. */
      meteringStatus: 'ACTIVE' | 'SUSPENDED' | null;
    };

/** The ids an Azure operation or webhook body names, as stored with the event. */
const operationRef = z.looseObject({ id: z.string().optional(), subscriptionId: z.string().optional() });

const ACTIONS = new Set(['Activated', 'Subscribe', 'ChangePlan', 'ChangeQuantity', 'Renew', 'Suspend', 'Unsubscribe', 'Reinstate']);

/**
 * Turns an Azure inbox event into its effect on the agreement and the
 * metering subscription. The event is only a claim: the operation (for a
 * webhook) and the subscription are read back from the SaaS Fulfillment API
 * and only what Microsoft answers is acted on. The agreement is the
 * subscription: its id, offer, plan, billing term, seats, status, and a value
 * of the terms charged so far (one, and one more with each Renew) at the
 * listing's price of the current plan. The metering subscription follows the
 * subscription's status as read back, not the action's name, so events
 * handled out of order still leave it as Microsoft has it.
 */
@Injectable()
export class AzureSubscriptionEventReader {
  constructor(
    @Inject(SAAS_FULFILLMENT_API) private readonly fulfillment: SaasFulfillmentApi,
    private readonly repository: AzureSubscriptionRepository,
  ) {}

  async effectOf(event: {
    source: string;
    detailType: string;
    payload: MarketplaceEventPayload;
    receivedAt: Date;
  }): Promise<AzureEventEffect> {
    if (!ACTIONS.has(event.detailType)) return { kind: 'none', reason: `no effect: Azure ${event.detailType}` };
    // A replayed parked webhook holds only the body as received; the operation is read back below either way.
    const named = operationRef.safeParse(event.payload.operation ?? event.payload.webhook).data;
    const subscriptionId = azureSubscriptionIdOf(event.payload);
    if (!subscriptionId) return { kind: 'none', reason: 'not credited: the event names no subscription' };
    let operation: SaasOperation | null = null;
    if (event.source === AZURE_WEBHOOK_SOURCE) {
      const operationId = named?.id;
      if (!operationId) return { kind: 'none', reason: 'not credited: the webhook names no operation' };
      operation = await this.readBack(() => this.fulfillment.getOperation(subscriptionId, operationId));
      if (!operation) return { kind: 'none', reason: `not acted on: the marketplace has no operation ${operationId}` };
      if (isAwaitingPublisher(operation.status)) return { kind: 'wait' };
      if (operation.status !== 'Succeeded') return { kind: 'none', reason: `no effect: operation ${operation.action} ${operation.status}` };
    } else if (event.source !== AZURE_LANDING_SOURCE) {
      return { kind: 'none', reason: `no effect: ${event.source} / ${event.detailType}` };
    }
    const subscription = await this.readBack(() => this.fulfillment.getSubscription(subscriptionId));
    if (!subscription) return { kind: 'none', reason: `not credited: the marketplace has no subscription ${subscriptionId}` };
    if (subscription.saasSubscriptionStatus === 'PendingFulfillmentStart')
      return { kind: 'none', reason: `not credited: subscription ${subscriptionId} was never activated` };
    const action = operation?.action ?? event.detailType;
    return {
      kind: 'agreement',
      record: await this.recordOf(subscription, event.receivedAt),
      what: `Azure ${action}`,
      endsMeteringAt: action === 'Unsubscribe' ? new Date(operation?.timeStamp ?? event.receivedAt) : null,
      meteredPlanId: action === 'ChangePlan' ? subscription.planId : null,
      meteringStatus:
        subscription.saasSubscriptionStatus === 'Suspended'
          ? 'SUSPENDED'
          : subscription.saasSubscriptionStatus === 'Subscribed'
            ? 'ACTIVE'
            : null,
    };
  }

  private async recordOf(s: SaasSubscription, heardAt: Date): Promise<AgreementRecord> {
    const tenantId = s.beneficiary?.tenantId ?? s.purchaser?.tenantId ?? 'unknown';
    // The Fulfillment API names the publisher, never a private offer or a reseller: a purchase through one of the
    // product's private offers is recognised by its customer and plan, and a multiparty offer's selling partner
    // becomes the proposer, so the rules credit it as they credit an AWS channel offer's reseller.
    const [listed, privateOffers] = await Promise.all([this.repository.planPrices(s.offerId), this.repository.privateOffers(s.offerId)]);
    const privateOffer = azurePrivateOfferOf({ planId: s.planId, tenantId }, privateOffers);
    const plans = privateOffer ? privateOfferPlanPrices(privateOffer, listed) : listed;
    const price = azureSubscriptionValue(plans, s.planId, s.quantity);
    const startsAt = dateOf(s.term?.startDate);
    const endsAt = dateOf(s.term?.endDate);
    // Each renewal charges the buyer one more term: the agreement is worth every term charged, at the current plan's price.
    const terms = azureTermsCharged(
      (await this.repository.firstTermStart(s.id)) ?? startsAt,
      endsAt,
      s.term?.termUnit ?? price?.term ?? null,
    );
    return {
      cloud: 'AZURE',
      marketplaceAgreementId: s.id,
      marketplaceOfferId: privateOffer?.marketplaceOfferId ?? s.offerId,
      productId: s.offerId,
      acceptorAccountId: tenantId,
      proposerAccountId: privateOffer?.resellerAccountId ?? s.publisherId ?? 'publisher',
      resaleAuthorizationId: privateOffer?.resaleAuthorizationId ?? null,
      intent: 'NEW',
      status: s.saasSubscriptionStatus,
      // One billing term at the plan's price; a plan the listing does not price is recorded at zero rather than guessed.
      valueMinor: (price?.valueMinor ?? 0n) * BigInt(terms),
      currency: price?.currency ?? 'USD',
      // SaaS counts toward a MACC from the publisher's activation, which starts the term.
      acceptedAt: startsAt ?? heardAt,
      startsAt,
      endsAt,
      customerId: null,
      planId: s.planId,
      billingTerm: s.term?.termUnit ?? price?.term ?? null,
      quantity: s.quantity,
      includedQuantities: azureIncludedQuantities(s.quantity),
    };
  }

  /** A read-back: null when Microsoft does not know it (retrying will not change that); transient failures are thrown for the job to retry. */
  private async readBack<T>(read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof AzureCallError && error.kind === 'NOT_FOUND') return null;
      throw error;
    }
  }
}

function dateOf(value: string | undefined): Date | null {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}
