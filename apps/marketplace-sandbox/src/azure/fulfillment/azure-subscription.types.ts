export type SaasSubscriptionStatus = 'PendingFulfillmentStart' | 'Subscribed' | 'Suspended' | 'Unsubscribed';
export type WebhookAction = 'Subscribe' | 'ChangePlan' | 'ChangeQuantity' | 'Unsubscribe' | 'Suspend' | 'Reinstate' | 'Renew';

export interface AzurePlan {
  planId: string;
  displayName: string;
  isPricePerSeat: boolean;
  /** Metered dimension ids; empty means any dimension is accepted. */
  dimensions: string[];
  /** The public price of one billing term in USD (decimal string), when the offer was seeded with one. */
  price?: string;
  term?: 'P1M' | 'P1Y';
  /** The plan's durable id in the Product Ingestion API (plan/<product guid>/<plan guid>). */
  durableId: string;
}

export interface AzureOffer {
  offerId: string;
  publisherId: string;
  /** The product's durable id in the Product Ingestion API (product/<guid>). */
  durableId: string;
  title?: string;
  plans: AzurePlan[];
}

export interface SaasSubscription {
  id: string;
  publisherId: string;
  offerId: string;
  name: string;
  saasSubscriptionStatus: SaasSubscriptionStatus;
  beneficiary: { emailId: string; objectId: string; tenantId: string; puid: string };
  purchaser: { emailId: string; objectId: string; tenantId: string; puid: string };
  planId: string;
  quantity?: number;
  term: { termUnit: string; startDate?: string; endDate?: string };
  autoRenew: boolean;
  isTest: boolean;
  isFreeTrial: boolean;
  allowedCustomerOperations: string[];
  sandboxType: 'None' | 'Csp';
  sessionMode: 'None' | 'DryRun';
  created: string;
  lastModified: string;
}

export interface SaasOperation {
  id: string;
  activityId: string;
  subscriptionId: string;
  offerId: string;
  publisherId: string;
  planId: string;
  quantity?: number;
  action: WebhookAction;
  timeStamp: string;
  status: 'NotStarted' | 'InProgress' | 'Succeeded' | 'Failed' | 'Conflict';
  /** Who started it: the buyer in the portal ("Azure") or the publisher's PATCH/DELETE. */
  operationRequestSource: 'Azure' | 'Partner';
}
