import { Injectable } from '@nestjs/common';
import { AzureHttpClient } from './azure-http.client';
import type { SaasFulfillmentApi } from './saas-fulfillment.port';
import {
  resolvedSubscriptionSchema,
  saasOperationSchema,
  saasSubscriptionSchema,
  type ResolvedSubscription,
  type SaasOperation,
  type SaasSubscription,
} from './saas-fulfillment.schemas';

const SUBSCRIPTIONS = '/api/saas/subscriptions';

/**
 * The SaaS Fulfillment API v2 calls the product makes: resolve the landing
 * page's purchase token, activate the subscription, read a subscription or
 * a webhook operation back, and answer a plan or quantity change (PATCH the
 * operation with Success or Failure, the only PATCH the product sends).
 */
@Injectable()
export class AzureFulfillmentClient implements SaasFulfillmentApi {
  constructor(private readonly http: AzureHttpClient) {}

  /** The token is the landing page's `token` query parameter, URL-decoded (as the page documents). */
  async resolve(marketplaceToken: string, correlationId?: string): Promise<ResolvedSubscription> {
    const response = await this.http.call({
      method: 'POST',
      path: `${SUBSCRIPTIONS}/resolve`,
      headers: { 'x-ms-marketplace-token': marketplaceToken },
      schema: resolvedSubscriptionSchema,
      correlationId,
    });
    return response.body;
  }

  /** The purchased plan and quantity, which Microsoft checks against the purchase; the answer has no body. */
  async activate(subscriptionId: string, planId: string, quantity: number | null, correlationId?: string): Promise<void> {
    await this.http.call({
      method: 'POST',
      path: `${SUBSCRIPTIONS}/${encodeURIComponent(subscriptionId)}/activate`,
      body: quantity === null ? { planId } : { planId, quantity },
      correlationId,
    });
  }

  async getSubscription(subscriptionId: string, correlationId?: string): Promise<SaasSubscription> {
    const response = await this.http.call({
      method: 'GET',
      path: `${SUBSCRIPTIONS}/${encodeURIComponent(subscriptionId)}`,
      schema: saasSubscriptionSchema,
      correlationId,
    });
    return response.body;
  }

  async getOperation(subscriptionId: string, operationId: string, correlationId?: string): Promise<SaasOperation> {
    const response = await this.http.call({
      method: 'GET',
      path: this.operationPath(subscriptionId, operationId),
      schema: saasOperationSchema,
      correlationId,
    });
    return response.body;
  }

  async updateOperationStatus(
    subscriptionId: string,
    operationId: string,
    status: 'Success' | 'Failure',
    correlationId?: string,
  ): Promise<void> {
    await this.http.call({ method: 'PATCH', path: this.operationPath(subscriptionId, operationId), body: { status }, correlationId });
  }

  private operationPath(subscriptionId: string, operationId: string): string {
    return `${SUBSCRIPTIONS}/${encodeURIComponent(subscriptionId)}/operations/${encodeURIComponent(operationId)}`;
  }
}
