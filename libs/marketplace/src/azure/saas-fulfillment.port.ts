import type { ResolvedSubscription, SaasOperation, SaasSubscription } from './saas-fulfillment.schemas';

/**
 * What the product asks of the SaaS Fulfillment API v2: resolve the landing
 * page's purchase token, activate the subscription, read a subscription or a
 * webhook operation back, and answer a plan or quantity change.
 */
export interface SaasFulfillmentApi {
  resolve(marketplaceToken: string, correlationId?: string): Promise<ResolvedSubscription>;
  activate(subscriptionId: string, planId: string, quantity: number | null, correlationId?: string): Promise<void>;
  getSubscription(subscriptionId: string, correlationId?: string): Promise<SaasSubscription>;
  getOperation(subscriptionId: string, operationId: string, correlationId?: string): Promise<SaasOperation>;
  updateOperationStatus(subscriptionId: string, operationId: string, status: 'Success' | 'Failure', correlationId?: string): Promise<void>;
}

export const SAAS_FULFILLMENT_API = Symbol('SAAS_FULFILLMENT_API');
