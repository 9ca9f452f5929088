import { uuid } from '../../core/random-id.generator';
import type { SaasSubscription } from './azure-subscription.types';

export interface Purchase {
  offerId: string;
  publisherId: string;
  planId: string;
  quantity?: number;
  name?: string;
  beneficiaryEmail: string;
  tenantId?: string;
  termUnit: 'P1M' | 'P1Y';
  isFreeTrial: boolean;
}

/** A buyer's purchase, as the SaaS Fulfillment API first shows it: waiting for the publisher's activation. */
export function newSaasSubscription(r: Purchase, now: string): SaasSubscription {
  const party = { emailId: r.beneficiaryEmail, objectId: uuid(), tenantId: r.tenantId ?? uuid(), puid: String(Date.now()) };
  return {
    id: uuid(),
    publisherId: r.publisherId,
    offerId: r.offerId,
    name: r.name ?? `${r.offerId} subscription`,
    saasSubscriptionStatus: 'PendingFulfillmentStart',
    beneficiary: party,
    purchaser: party,
    planId: r.planId,
    quantity: r.quantity,
    term: { termUnit: r.termUnit },
    autoRenew: true,
    isTest: false,
    isFreeTrial: r.isFreeTrial,
    allowedCustomerOperations: ['Delete', 'Update', 'Read'],
    sandboxType: 'None',
    sessionMode: 'None',
    created: now,
    lastModified: now,
  };
}
