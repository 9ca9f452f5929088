import { Injectable } from '@nestjs/common';
import { ClockService } from '../../clock/clock.service';
import { uuid } from '../../core/random-id.generator';
import { addMonths } from '../../aws/agreement/agreement.service';
import { azureError } from '../azure-request.guard';
import { AzureWebhookPublisher } from '../webhooks/azure-webhook.publisher';
import { AzureSubscriptionStore } from './azure-subscription.store';
import type { AzurePlan, SaasOperation, SaasSubscription, WebhookAction } from './azure-subscription.types';

/** SaaS Fulfillment API v2 rules, shared by the publisher API and the buyer-side control API. */
@Injectable()
export class FulfillmentService {
  constructor(
    private readonly store: AzureSubscriptionStore,
    private readonly webhooks: AzureWebhookPublisher,
    private readonly clock: ClockService,
  ) {}

  find(id: string): SaasSubscription {
    const s = this.store.get(id);
    if (!s) throw azureError(404, 'NotFound', `Subscription ${id} not found`);
    return s;
  }

  plans(subscription: SaasSubscription): AzurePlan[] {
    return (
      this.store.offer(subscription.offerId)?.plans ?? [
        {
          planId: subscription.planId,
          displayName: subscription.planId,
          durableId: `plan/${subscription.offerId}/${subscription.planId}`,
          isPricePerSeat: subscription.quantity !== undefined,
          dimensions: [],
        },
      ]
    );
  }

  resolve(token: string | undefined) {
    const id = token ? this.store.resolveToken(token) : undefined;
    if (!id) throw azureError(400, 'BadRequest', 'The marketplace token is invalid or has expired');
    const s = this.find(id);
    return { id: s.id, subscriptionName: s.name, offerId: s.offerId, planId: s.planId, quantity: s.quantity, subscription: s };
  }

  activate(id: string, planId: unknown, quantity: unknown): void {
    const s = this.find(id);
    if (planId !== s.planId) throw azureError(400, 'BadRequest', `planId must be the purchased plan ${s.planId}`);
    // The page's own example sends the quantity as a string ("3"); the subscription holds a number.
    if (quantity !== undefined && quantity !== null && quantity !== '' && Number(quantity) !== s.quantity)
      throw azureError(400, 'BadRequest', `quantity must be the purchased quantity ${String(s.quantity)}`);
    if (s.saasSubscriptionStatus === 'Subscribed') return;
    if (s.saasSubscriptionStatus !== 'PendingFulfillmentStart') {
      throw azureError(400, 'BadRequest', `Subscription is ${s.saasSubscriptionStatus}, not PendingFulfillmentStart`);
    }
    s.saasSubscriptionStatus = 'Subscribed';
    const start = this.clock.now();
    s.term = { ...s.term, startDate: start.toISOString(), endDate: addMonths(start, s.term.termUnit === 'P1Y' ? 12 : 1).toISOString() };
    this.touch(s);
    // Azure tells the publisher's webhook of the activation too ("Subscribe": acknowledged with 200, nothing to PATCH).
    this.webhooks.publish(this.operation(s, 'Subscribe', 'Azure', 'Succeeded'), s);
  }

  /** The publisher changes plan or quantity: accepted at once, reported as a Succeeded operation. */
  update(id: string, body: { planId?: unknown; quantity?: unknown }): SaasOperation {
    const s = this.find(id);
    if ((body.planId === undefined) === (body.quantity === undefined))
      throw azureError(400, 'BadRequest', 'Change either planId or quantity, not both');
    if (s.saasSubscriptionStatus !== 'Subscribed') throw azureError(400, 'BadRequest', `Subscription is ${s.saasSubscriptionStatus}`);
    if (body.planId !== undefined) {
      if (!this.plans(s).some((p) => p.planId === body.planId))
        throw azureError(400, 'BadRequest', `Plan ${String(body.planId)} is not available`);
      s.planId = String(body.planId);
    } else {
      if (typeof body.quantity !== 'number' || !Number.isInteger(body.quantity) || body.quantity < 1)
        throw azureError(400, 'BadRequest', 'quantity must be a positive integer');
      s.quantity = body.quantity;
    }
    this.touch(s);
    return this.operation(s, body.planId !== undefined ? 'ChangePlan' : 'ChangeQuantity', 'Partner', 'Succeeded');
  }

  delete(id: string): SaasOperation {
    const s = this.find(id);
    s.saasSubscriptionStatus = 'Unsubscribed';
    this.touch(s);
    return this.operation(s, 'Unsubscribe', 'Partner', 'Succeeded');
  }

  /**
   * A buyer action in the Azure portal. Plan and quantity changes wait for
   * the publisher to PATCH the operation with Success; the rest take effect
   * at once and the webhook only informs.
   */
  buyerAction(id: string, action: WebhookAction, planId?: string, quantity?: number): SaasOperation {
    const s = this.find(id);
    const pending = action === 'ChangePlan' || action === 'ChangeQuantity' || action === 'Reinstate';
    const op = this.operation(s, action, 'Azure', pending ? 'InProgress' : 'Succeeded', planId ?? s.planId, quantity ?? s.quantity);
    if (action === 'Unsubscribe') s.saasSubscriptionStatus = 'Unsubscribed';
    if (action === 'Suspend') s.saasSubscriptionStatus = 'Suspended';
    // A renewal starts the next term where the current one ends.
    if (action === 'Renew' && s.term.endDate)
      s.term = {
        ...s.term,
        startDate: s.term.endDate,
        endDate: addMonths(new Date(s.term.endDate), s.term.termUnit === 'P1Y' ? 12 : 1).toISOString(),
      };
    this.touch(s);
    this.webhooks.publish(op, s);
    return op;
  }

  acknowledge(subscriptionId: string, operationId: string, status: unknown): SaasOperation {
    const op = this.store.operation(subscriptionId, operationId);
    if (!op) throw azureError(404, 'NotFound', `Operation ${operationId} not found`);
    if (status !== 'Success' && status !== 'Failure') throw azureError(400, 'BadRequest', 'status must be Success or Failure');
    if (op.status !== 'InProgress') throw azureError(409, 'Conflict', `Operation is already ${op.status}`);
    op.status = status === 'Success' ? 'Succeeded' : 'Failed';
    const s = this.find(subscriptionId);
    if (op.status === 'Succeeded') {
      if (op.action === 'ChangePlan') s.planId = op.planId;
      if (op.action === 'ChangeQuantity') s.quantity = op.quantity;
      if (op.action === 'Reinstate') s.saasSubscriptionStatus = 'Subscribed';
      this.touch(s);
    }
    return op;
  }

  private operation(
    s: SaasSubscription,
    action: WebhookAction,
    source: SaasOperation['operationRequestSource'],
    status: SaasOperation['status'],
    planId = s.planId,
    quantity = s.quantity,
  ): SaasOperation {
    const op: SaasOperation = {
      id: uuid(),
      activityId: uuid(),
      subscriptionId: s.id,
      offerId: s.offerId,
      publisherId: s.publisherId,
      planId,
      quantity,
      action,
      timeStamp: this.clock.now().toISOString(),
      status,
      operationRequestSource: source,
    };
    this.store.saveOperation(op);
    return op;
  }

  private touch(s: SaasSubscription): void {
    s.lastModified = this.clock.now().toISOString();
  }
}
