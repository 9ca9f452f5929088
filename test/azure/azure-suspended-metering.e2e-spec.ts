import { eventually } from '@bridge/testing';
import { MeteringStack } from '../metering/metering-stack';
import { entraToken } from '../sandbox/entra-token.client';

jest.setTimeout(120_000);

const HOUR_MS = 3_600_000;

/**
 * A suspended Azure subscription is not metered: the metering service takes
 * usage "against an active resource (subscribed)" only ("Marketplace metered
 * billing APIs"). Usage the ISV records meanwhile is held, and sent once
 * Microsoft reinstates the subscription (while it is inside the 24-hour
 * window), through the real webhook, queues, metering worker and sandbox.
 */
describe('Azure metering pauses while a subscription is suspended', () => {
  const m = new MeteringStack();

  beforeAll(() => m.start({ METERING_WINDOW_HOURS: '24' }));
  afterAll(() => m.stop());
  afterEach(() => m.stopWorker());

  it('holds usage recorded while suspended, sends none, and sends it once reinstated', async () => {
    await m.reset(new Date());
    // The lifecycle arrives by webhook: deliveries on.
    await m.sandbox('POST', '/_sandbox/events/config', { enabled: true });
    const token = String((await entraToken(m.stack.sandboxUrl, m.stack.config.SANDBOX_ENTRA_PORT)).body.access_token);
    const activate = (resourceId: string) =>
      fetch(`${m.stack.sandboxUrl}/api/saas/subscriptions/${resourceId}/activate?api-version=2018-08-31`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ planId: 'gold' }),
      });
    await m.sandbox('POST', '/_sandbox/azure/offers', { offerId: 'az-offer', plans: [{ planId: 'gold', dimensions: ['events'] }] });
    const { body: bought } = await m.sandbox('POST', '/_sandbox/azure/subscriptions', { offerId: 'az-offer', planId: 'gold' });
    const resourceId = bought.subscription.id as string;
    expect((await activate(resourceId)).status).toBe(200);
    const registered = await m.api('POST', '/v1/usage/subscriptions', {
      cloud: 'AZURE',
      azureResourceId: resourceId,
      azurePlanId: 'gold',
      productCode: 'az-offer',
      dimensions: [{ key: 'events', unitPrice: '0.01', currency: 'USD' }],
    });
    expect(registered.status).toBe(201);
    const status = async () =>
      (await m.sql<{ status: string }>(`SELECT status::text FROM metering_subscription WHERE customer_ref = $1`, [resourceId]))[0].status;
    const act = (action: string) => m.sandbox('POST', `/_sandbox/azure/subscriptions/${resourceId}/actions`, { action });

    await act('Suspend');
    await eventually(async () => expect(await status()).toBe('SUSPENDED'), { timeoutMs: 20_000 });

    // Usage of the last hour, recorded while suspended: taken, held.
    const lastHour = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS);
    const posted = await m.api('POST', '/v1/usage', {
      records: [
        {
          idempotencyKey: 'held-1',
          azureResourceId: resourceId,
          dimension: 'events',
          quantity: 12,
          timestamp: new Date(lastHour.getTime() + 60_000).toISOString(),
        },
      ],
    });
    expect(posted.body.accepted).toBe(1);
    await m.startWorker();
    await m.tick();
    await m.tick();
    expect(await m.ledger('azure')).toEqual([]);
    expect(await m.sql<{ status: string }>(`SELECT status::text FROM usage_hour`)).toEqual([{ status: 'PENDING' }]);

    // Reinstated (the product answers the operation; Microsoft then reports the subscription Subscribed): the held hour goes.
    await act('Reinstate');
    await eventually(async () => expect(await status()).toBe('ACTIVE'), { timeoutMs: 20_000 });
    await eventually(
      async () => {
        await m.tick();
        expect((await m.ledger('azure')).map((e) => [e.hour, e.quantity])).toEqual([[lastHour.toISOString(), 12]]);
      },
      { timeoutMs: 20_000 },
    );
  });
});
