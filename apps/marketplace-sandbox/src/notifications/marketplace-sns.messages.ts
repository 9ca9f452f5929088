/**
 * The `Message` of the AWS Marketplace SaaS topics, key for key as the
 * seller guide prints them (saas-notification, test/fixtures/aws/sns).
 * They name the customer by its legacy customer-identifier only: no AWS
 * account id, licence ARN or agreement id travels on SNS, so the product
 * has to learn those from ResolveCustomer or the EventBridge events.
 */

export type SubscriptionAction = 'subscribe-success' | 'subscribe-fail' | 'unsubscribe-pending' | 'unsubscribe-success';

export interface SnsSubscription {
  customerIdentifier: string;
  productCode: string;
  offerId: string | undefined;
  freeTrial: boolean;
}

export function subscriptionMessage(action: SubscriptionAction, s: SnsSubscription): Record<string, string> {
  return {
    action,
    'customer-identifier': s.customerIdentifier,
    'product-code': s.productCode,
    // The page: offer-identifier accompanies subscribe-success and subscribe-fail, not the unsubscribe actions.
    ...(action.startsWith('subscribe-') && s.offerId !== undefined ? { 'offer-identifier': s.offerId } : {}),
    // A string, not a boolean, as the page insists.
    isFreeTrialTermPresent: s.freeTrial ? 'true' : 'false',
  };
}

/** The same three keys for every entitlement change: the product calls GetEntitlements to learn what changed. */
export function entitlementUpdatedMessage(s: Pick<SnsSubscription, 'customerIdentifier' | 'productCode'>): Record<string, string> {
  return { action: 'entitlement-updated', 'customer-identifier': s.customerIdentifier, 'product-code': s.productCode };
}
