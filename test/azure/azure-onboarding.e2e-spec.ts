import { eventually, queryDatabase, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { ADMIN_KEY, createCustomer, createPartner, creditsOf, registerDeal } from '../attribution/attribution-fixtures';
import { documented, FIXTURE_IDS, withIds } from '../fixtures/azure/documented-message';
import {
  azureAgreement,
  buyOnAzure,
  confirm,
  landing,
  meteredSubscription,
  sandboxSubscription,
  TENANT,
  azureSuiteStack,
} from './azure-fixtures';

jest.setTimeout(90_000);

interface Burndown {
  drawnToDate: { amountMinor: string };
  drawdowns: { drawn: { amountMinor: string }; reason: string }[];
}

/**
 * An Azure buyer from purchase to unsubscribe, through the real HTTP, queues
 * and the sandbox: the landing page (SaaS fulfillment Subscription APIs v2,
 * "Resolve", "Activate"), then the webhook lifecycle ("Implementing a
 * webhook on the SaaS service"), each read back before it is acted on.
 */
describe('Azure onboarding and lifecycle', () => {
  const suite = azureSuiteStack();
  let stack: ProductStack;
  beforeEach(() => {
    stack = suite();
  });

  const count = async (table: string) =>
    Number((await queryDatabase<{ n: string }>(stack.config.DATABASE_URL, `SELECT count(*) AS n FROM ${table}`))[0].n);

  async function maccFor(customerId: string) {
    const created = await call<{ id: string }>('POST', `${stack.apiUrl}/v1/commitments`, {
      key: ADMIN_KEY,
      body: { customerId, kind: 'MACC', total: '500000.00', startsAt: '2026-01-01T00:00:00Z', endsAt: '2027-12-31T00:00:00Z' },
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }
  const burndown = async (id: string) =>
    (await call<Burndown>('GET', `${stack.apiUrl}/v1/commitments/${id}/burndown`, { key: ADMIN_KEY })).body;

  it('a buyer lands, sees what they bought, activates; the customer, metering and the Azure agreement follow, and a MACC draws down', async () => {
    const customerId = await createCustomer(stack, 'Fabrikam', [{ cloud: 'AZURE', accountId: TENANT }]);
    const macc = await maccFor(customerId);
    const { subscriptionId, token } = await buyOnAzure(stack, 'silver', 3);

    const shown = await landing(stack, token);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('data-testid="azure-confirm"');
    for (const fact of ['Northwind Analytics', 'silver', '>3<', TENANT]) expect(shown.html).toContain(fact);
    // Looking changes nothing: Microsoft still waits for the activation.
    expect((await sandboxSubscription(stack, subscriptionId)).saasSubscriptionStatus).toBe('PendingFulfillmentStart');
    expect(await count('metering_subscription')).toBe(0);

    const activated = await confirm(stack, token);
    expect(activated.status).toBe(200);
    expect(activated.html).toContain('Your subscription is active');
    expect((await sandboxSubscription(stack, subscriptionId)).saasSubscriptionStatus).toBe('Subscribed');
    expect(await meteredSubscription(stack, subscriptionId)).toMatchObject({
      status: 'ACTIVE',
      azure_plan_id: 'silver',
      product_code: 'bridge-saas',
    });
    const agreement = await eventually(async () => {
      const a = await azureAgreement(stack, subscriptionId);
      expect(a).toBeDefined();
      return a;
    });
    // One month of three Silver seats at $100.00, for the buyer's tenant and its customer.
    expect(agreement).toMatchObject({
      status: 'Subscribed',
      value_minor: '30000',
      currency: 'USD',
      plan_id: 'silver',
      quantity: 3,
      billing_term: 'P1M',
      acceptor_account_id: TENANT,
      customer_id: customerId,
    });
    await eventually(async () => expect((await burndown(macc)).drawnToDate.amountMinor).toBe('30000'));

    // The same token again (a reload, a second tab): nothing changes.
    const before = await Promise.all(['customer', 'agreement', 'metering_subscription', 'commitment_drawdown'].map(count));
    const replayed = await confirm(stack, token);
    expect(replayed.status).toBe(200);
    expect(replayed.html).toContain('already active');
    expect(await Promise.all(['customer', 'agreement', 'metering_subscription', 'commitment_drawdown'].map(count))).toEqual(before);
  });

  it('records an unknown tenant as a new customer, named by the buyer’s email domain', async () => {
    const { subscriptionId, token } = await buyOnAzure(stack);
    expect((await confirm(stack, token)).status).toBe(200);
    const customers = await queryDatabase<{ name: string; account_id: string }>(
      stack.config.DATABASE_URL,
      `SELECT c.name, a.account_id FROM customer c JOIN customer_cloud_account a ON a.customer_id = c.id WHERE a.cloud = 'AZURE'`,
    );
    expect(customers).toEqual([{ name: 'fabrikam.example', account_id: TENANT }]);
    await eventually(async () => expect((await azureAgreement(stack, subscriptionId))?.customer_id).toBeTruthy());
  });

  it('a forged, missing or expired token gets a clear page and changes nothing', async () => {
    const forged = await landing(stack, 'not-a-token-Microsoft-issued==');
    expect(forged.status).toBe(400);
    expect(forged.html).toContain('We couldn’t identify this purchase');
    expect((await confirm(stack, 'not-a-token-Microsoft-issued==')).status).toBe(400);
    const missing = await fetch(`${stack.apiUrl}/marketplace/azure/landing`);
    expect(missing.status).toBe(400);

    const { subscriptionId, token } = await buyOnAzure(stack);
    // The landing token lives 24 hours (the product's own Entra token expires with the clock too, and is renewed).
    await call('POST', `${stack.sandboxUrl}/_sandbox/clock`, { body: { advanceSeconds: 25 * 3600 } });
    const expired = await confirm(stack, token);
    expect(expired.status).toBe(400);
    expect(expired.html).toContain('Configure Account');
    expect((await sandboxSubscription(stack, subscriptionId)).saasSubscriptionStatus).toBe('PendingFulfillmentStart');
    expect(await Promise.all(['customer', 'agreement', 'metering_subscription', 'marketplace_event'].map(count))).toEqual([0, 0, 0, 0]);
  });

  it('moves the agreement and metering through ChangePlan, Suspend, Reinstate and Unsubscribe, each read back and answered', async () => {
    const { subscriptionId, token } = await buyOnAzure(stack, 'silver', 3);
    expect((await confirm(stack, token)).status).toBe(200);
    await eventually(async () => expect((await azureAgreement(stack, subscriptionId))?.value_minor).toBe('30000'));
    const act = (body: object) => call('POST', `${stack.sandboxUrl}/_sandbox/azure/subscriptions/${subscriptionId}/actions`, { body });

    // The buyer changes plan in the portal: Microsoft waits for the publisher, who answers Success; then the plan is gold.
    await act({ action: 'ChangePlan', planId: 'gold' });
    await eventually(async () => expect((await sandboxSubscription(stack, subscriptionId)).planId).toBe('gold'), { timeoutMs: 20_000 });
    await eventually(async () =>
      expect(await azureAgreement(stack, subscriptionId)).toMatchObject({ plan_id: 'gold', value_minor: '75000' }),
    );
    expect((await meteredSubscription(stack, subscriptionId)).azure_plan_id).toBe('gold');

    await act({ action: 'Suspend' });
    await eventually(async () => expect((await azureAgreement(stack, subscriptionId))?.status).toBe('Suspended'));
    await act({ action: 'Reinstate' });
    await eventually(async () => expect((await azureAgreement(stack, subscriptionId))?.status).toBe('Subscribed'), { timeoutMs: 20_000 });

    await act({ action: 'Unsubscribe' });
    await eventually(async () => expect((await azureAgreement(stack, subscriptionId))?.status).toBe('Unsubscribed'));
    // Metering sends what is left and stops; the term already billed keeps its value and its credit.
    expect((await meteredSubscription(stack, subscriptionId)).status).toBe('UNSUBSCRIBE_PENDING');
    expect((await azureAgreement(stack, subscriptionId))?.value_minor).toBe('75000');
    const unanswered = await queryDatabase(
      stack.config.DATABASE_URL,
      `SELECT id FROM marketplace_event WHERE cloud = 'AZURE' AND detail_type IN ('ChangePlan', 'Reinstate') AND answered_at IS NULL`,
    );
    expect(unanswered).toEqual([]);
  });

  it('credits the partner whose approved registration covers the Azure customer, and the credit follows a plan change', async () => {
    const customerId = await createCustomer(stack, 'Fabrikam', [{ cloud: 'AZURE', accountId: TENANT }]);
    const partnerId = await createPartner(stack, 'Globex Integrators', 'GSI', '210000000001');
    const deal = await registerDeal(stack, partnerId, customerId, 'SOURCED');
    expect((await call('POST', `${stack.apiUrl}/v1/deals/${deal}/approve`, { key: ADMIN_KEY, body: { reason: 'qualified' } })).status).toBe(
      200,
    );
    const { subscriptionId, token } = await buyOnAzure(stack, 'silver', 3);
    expect((await confirm(stack, token)).status).toBe(200);
    const total = async () => (await creditsOf(stack, partnerId)).body.totals.reduce((sum, t) => sum + BigInt(t.amountMinor), 0n);
    // 300.00 and the new-logo kicker of 5% (Fabrikam's first subscription to the offer), which follows the value as the split does.
    await eventually(async () => expect(await total()).toBe(31500n));
    // The subscription includes its plan's three seats, for adoption to compare usage with.
    expect(
      await queryDatabase(stack.config.DATABASE_URL, `SELECT included_quantities FROM agreement WHERE marketplace_agreement_id = $1`, [
        subscriptionId,
      ]),
    ).toEqual([{ included_quantities: { seats: '3' } }]);

    await call('POST', `${stack.sandboxUrl}/_sandbox/azure/subscriptions/${subscriptionId}/actions`, {
      body: { action: 'ChangePlan', planId: 'gold' },
    });
    await eventually(async () => expect(await total()).toBe(78750n), { timeoutMs: 20_000 });
  });

  it('stores and parks what it does not understand, answering 200: the documented reinstate without an id, an action it does not know', async () => {
    const { subscriptionId, token } = await buyOnAzure(stack);
    expect((await confirm(stack, token)).status).toBe(200);
    const idless = withIds(documented('webhook/reinstate-operation-type.json').message, { [FIXTURE_IDS.subscription]: subscriptionId });
    const future = {
      ...withIds(documented('webhook/renew.json').message, { [FIXTURE_IDS.subscription]: subscriptionId }),
      action: 'Transfer',
    };
    for (const body of [idless, future])
      expect((await call('POST', `${stack.sandboxUrl}/_sandbox/azure/webhook-deliveries`, { body })).status).toBe(202);
    const parked = await eventually(async () => {
      const page = await call<{ messages: { id: string; reason: string }[] }>('GET', `${stack.apiUrl}/v1/marketplace-messages/parked`, {
        key: ADMIN_KEY,
      });
      expect(page.body.messages).toHaveLength(2);
      return page.body.messages;
    });
    expect(parked.map((m) => m.reason).sort()).toEqual([
      expect.stringContaining('action "Transfer"'),
      expect.stringContaining('not understood: id'),
    ]);
    // An operator's replay reads it again: still not understood, it stays parked with the reason (409).
    const transfer = parked.find((m) => m.reason.includes('Transfer'))!;
    const replay = await call<{ message: string }>('POST', `${stack.apiUrl}/v1/marketplace-messages/${transfer.id}/replay`, {
      key: ADMIN_KEY,
    });
    expect([replay.status, replay.body.message]).toEqual([409, expect.stringContaining('action "Transfer"')]);
    // The product answered each 200: the sandbox delivered them once, with no retry.
    const deliveries = await call<{ events: { kind: string; attempts: { httpStatus?: number }[]; status: string }[] }>(
      'GET',
      `${stack.sandboxUrl}/_sandbox/events?channel=azure-webhook`,
    );
    expect(deliveries.body.events.map((e) => [e.kind, e.status, e.attempts.map((a) => a.httpStatus)])).toEqual(
      expect.arrayContaining([
        ['unknown', 'delivered', [200]],
        ['Transfer', 'delivered', [200]],
      ]),
    );
  });
});
