import { documented, FIXTURE_IDS } from '../../../../test/fixtures/azure/documented-message';
import { resolvedSubscriptionSchema, saasOperationSchema, saasSubscriptionSchema } from './saas-fulfillment.schemas';

/** The SaaS Fulfillment API v2 answers exactly as learn.microsoft.com shows them (test/fixtures/azure/fulfillment). */
describe('SaaS Fulfillment v2 answers, as documented', () => {
  it('reads the Resolve answer, with its quantity written as a string and its status padded with spaces', () => {
    const resolved = resolvedSubscriptionSchema.parse(documented('fulfillment/resolve.json').message);
    expect(resolved).toMatchObject({ id: FIXTURE_IDS.subscription, offerId: 'bridge-saas', planId: 'silver', quantity: 20 });
    expect(resolved.subscription.saasSubscriptionStatus).toBe('PendingFulfillmentStart');
    expect(resolved.subscription.beneficiary?.tenantId).toBe(FIXTURE_IDS.tenant);
    expect(resolved.subscription.term?.termUnit).toBe('P1M');
  });

  it('reads Get subscription, keeping fields it does not name', () => {
    const subscription = saasSubscriptionSchema.parse(documented('fulfillment/get-subscription.json').message);
    expect(subscription).toMatchObject({ saasSubscriptionStatus: 'Subscribed', quantity: 20, term: { startDate: '2026-11-02T00:00:00Z' } });
    expect(subscription.sandboxType).toBe('None');
  });

  it('reads an empty quantity (a plan without seats) as none, and refuses a quantity that is not a number', () => {
    const message = documented<Record<string, unknown>>('fulfillment/get-subscription.json').message;
    expect(saasSubscriptionSchema.parse({ ...message, quantity: '' }).quantity).toBeNull();
    expect(saasSubscriptionSchema.safeParse({ ...message, quantity: 'twenty' }).success).toBe(false);
  });

  it('reads Get operation', () => {
    expect(saasOperationSchema.parse(documented('fulfillment/get-operation.json').message)).toMatchObject({
      id: FIXTURE_IDS.operation,
      subscriptionId: FIXTURE_IDS.subscription,
      action: 'ChangePlan',
      status: 'InProgress',
      planId: 'gold',
    });
  });
});
