import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@bridge/config';
import { AzureCallError, AzureFulfillmentClient, AzureHttpClient, AzureTokenProvider } from '@bridge/marketplace';
import { testConfig } from '@bridge/testing';
import { bootstrapSandbox } from '../../apps/marketplace-sandbox/src/bootstrap-sandbox';
import { call } from '../http-client';

jest.setTimeout(60_000);

/**
 * The product's Azure credentials against the sandbox's Entra stand-in, over
 * real HTTPS: client-credentials tokens from @azure/identity, renewed before
 * they expire, renewed once when the marketplace refuses one, and a refusal
 * of a fresh token reported rather than retried.
 */
describe('Azure Marketplace calls carry Entra tokens that are renewed, never a fixed token', () => {
  let config: AppConfig;
  let sandbox: INestApplication;
  let fulfillment: AzureFulfillmentClient;

  beforeAll(async () => {
    config = await testConfig();
    sandbox = await bootstrapSandbox(config);
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await call('POST', `${config.sandboxUrl}/_sandbox/reset`);
    await call('POST', `${config.sandboxUrl}/_sandbox/clock`, { body: { real: true } });
    // A new process: its own token cache.
    fulfillment = new AzureFulfillmentClient(new AzureHttpClient(config, new AzureTokenProvider(config)));
  });

  const tokensIssued = async () => (await call<{ issued: number }>('GET', `${config.sandboxUrl}/_sandbox/azure/entra`)).body.issued;
  const buy = async () =>
    (
      await call<{ subscription: { id: string }; token: string }>('POST', `${config.sandboxUrl}/_sandbox/azure/subscriptions`, {
        body: { offerId: 'bridge-saas', planId: 'silver' },
      })
    ).body;

  it('asks Entra once and reuses the token while it is valid', async () => {
    const before = await tokensIssued();
    const { subscription } = await buy();
    for (let i = 0; i < 3; i++) expect((await fulfillment.getSubscription(subscription.id)).id).toBe(subscription.id);
    expect((await tokensIssued()) - before).toBe(1);
  });

  it('renews a token before it expires: calls go on across its expiry', async () => {
    await call('POST', `${config.sandboxUrl}/_sandbox/azure/entra/token-lifetime`, { body: { seconds: 2 } });
    const before = await tokensIssued();
    const { subscription } = await buy();
    await fulfillment.getSubscription(subscription.id);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await fulfillment.getSubscription(subscription.id)).saasSubscriptionStatus).toBe('PendingFulfillmentStart');
    expect((await tokensIssued()) - before).toBe(2);
  });

  it('renews once when the marketplace refuses a token it still believes valid (the marketplace clock moved on)', async () => {
    const { subscription } = await buy();
    await fulfillment.getSubscription(subscription.id);
    const before = await tokensIssued();
    await call('POST', `${config.sandboxUrl}/_sandbox/clock`, { body: { advanceSeconds: 2 * 3600 } });
    expect((await fulfillment.getSubscription(subscription.id)).id).toBe(subscription.id);
    expect((await tokensIssued()) - before).toBe(1);
  });

  it('reports a refusal of a freshly issued token as a credentials problem, after exactly one renewal', async () => {
    const { subscription } = await buy();
    await call('POST', `${config.sandboxUrl}/_sandbox/faults`, {
      body: { operation: 'azure.getSubscription', kind: 'forbidden', count: 3 },
    });
    const before = await tokensIssued();
    const error = await fulfillment.getSubscription(subscription.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureCallError);
    expect((error as AzureCallError).kind).toBe('CREDENTIALS');
    // This process's first token, and exactly one renewal.
    expect((await tokensIssued()) - before).toBe(2);
    // Two calls were refused (the first token, then the renewed one); the third fault is still armed.
    const faults = await call<{ faults: { remaining: number }[] }>('GET', `${config.sandboxUrl}/_sandbox/faults`);
    expect(faults.body.faults.map((f) => f.remaining)).toEqual([1]);
  });

  it('reports credentials Entra cannot use (a malformed tenant) as a credentials problem', async () => {
    const bad = new AzureFulfillmentClient(
      new AzureHttpClient(
        config,
        new AzureTokenProvider({ ...config, azureCredentials: { ...config.azureCredentials, tenantId: 'not a tenant' } }),
      ),
    );
    const error = await bad.getSubscription('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureCallError);
    expect((error as AzureCallError).kind).toBe('CREDENTIALS');
  });
});
