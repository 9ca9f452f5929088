import { createPublicKey, verify } from 'node:crypto';
import { entraToken } from './entra-token.client';
import { startSandbox, type Sandbox, type Json } from './sandbox-harness';

const API = '?api-version=2018-08-31';
const WEBHOOK = '/webhooks/azure';

describe('sandbox: Azure SaaS Fulfillment v2, metering and webhooks', () => {
  let sandbox: Sandbox;
  let token: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.stop());
  beforeEach(async () => {
    await sandbox.control('POST', '/_sandbox/reset');
    sandbox.receiver.clear();
    await sandbox.control('POST', '/_sandbox/clock', { now: '2026-04-15T10:30:00Z' });
    // Issued by the sandbox clock, so it is valid for an hour of the time this test sets.
    token = String((await entraToken(sandbox.url, sandbox.entraPort)).body.access_token);
    await sandbox.control('POST', '/_sandbox/azure/offers', {
      offerId: 'bridge-saas',
      plans: [
        { planId: 'silver', dimensions: ['gb_scanned'] },
        { planId: 'gold', dimensions: ['gb_scanned', 'api_calls'] },
      ],
    });
  });

  const azure = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  const subscribeAndActivate = async (planId = 'silver') => {
    const { body } = await sandbox.control('POST', '/_sandbox/azure/subscriptions', { offerId: 'bridge-saas', planId });
    await azure('POST', `/api/saas/subscriptions/${body.subscription.id}/activate${API}`, { planId });
    return body.subscription.id as string;
  };
  const usage = (resourceId: string, overrides: Record<string, unknown> = {}) => ({
    resourceId,
    quantity: 5.5,
    dimension: 'gb_scanned',
    effectiveStartTime: '2026-04-15T09:00:00Z',
    planId: 'silver',
    ...overrides,
  });

  it('requires api-version 2018-08-31 and a bearer token Entra issued for the marketplace, unexpired (403 otherwise, as documented)', async () => {
    expect((await azure('GET', '/api/saas/subscriptions')).status).toBe(400);
    expect((await azure('GET', '/api/saas/subscriptions?api-version=2022-01-01')).status).toBe(400);
    const noAuth = await fetch(`${sandbox.url}/api/saas/subscriptions${API}`);
    expect(noAuth.status).toBe(403);
    const forged = await fetch(`${sandbox.url}/api/saas/subscriptions${API}`, { headers: { authorization: 'Bearer made-up' } });
    expect([forged.status, ((await forged.json()) as Json).message]).toEqual([
      403,
      'The access token was not issued by Microsoft Entra ID',
    ]);
    await sandbox.control('POST', '/_sandbox/clock', { advanceSeconds: 3600 });
    const expired = await azure('GET', `/api/saas/subscriptions${API}`);
    expect([expired.status, expired.body.message]).toEqual([403, 'The access token has expired']);
  });

  it('issues client-credentials tokens for the marketplace, Microsoft Graph (Product Ingestion) and Resource Manager only, as Entra answers them', async () => {
    const issued = await entraToken(sandbox.url, sandbox.entraPort);
    expect(issued.status).toBe(200);
    expect(issued.body).toEqual({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: expect.any(String) });
    const management = await entraToken(sandbox.url, sandbox.entraPort, { scope: 'https://management.azure.com/.default' });
    expect(management.status).toBe(200);
    expect(management.body.access_token).not.toBe(issued.body.access_token);
    const otherScope = await entraToken(sandbox.url, sandbox.entraPort, { scope: 'https://vault.azure.net/.default' });
    expect([otherScope.status, otherScope.body.error]).toEqual([400, 'invalid_scope']);
    // A Graph token is for the Product Ingestion API: the SaaS Fulfillment API refuses it.
    const graph = await entraToken(sandbox.url, sandbox.entraPort, { scope: 'https://graph.microsoft.com/.default' });
    expect(graph.status).toBe(200);
    const refused = await fetch(`${sandbox.url}/api/saas/subscriptions?api-version=2018-08-31`, {
      headers: { authorization: `Bearer ${String(graph.body.access_token)}` },
    });
    expect(refused.status).toBe(403);
    const noSecret = await entraToken(sandbox.url, sandbox.entraPort, { client_secret: '' });
    expect([noSecret.status, noSecret.body.error]).toEqual([401, 'invalid_client']);
  });

  it('resolves the landing-page token, activates, and lists plans', async () => {
    const { body } = await sandbox.control('POST', '/_sandbox/azure/subscriptions', {
      offerId: 'bridge-saas',
      planId: 'silver',
      quantity: 3,
    });
    expect(body.subscription.saasSubscriptionStatus).toBe('PendingFulfillmentStart');
    const resolved = await azure('POST', `/api/saas/subscriptions/resolve${API}`, undefined, { 'x-ms-marketplace-token': body.token });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id: body.subscription.id, offerId: 'bridge-saas', planId: 'silver', quantity: 3 });
    expect((await azure('POST', `/api/saas/subscriptions/resolve${API}`, undefined, { 'x-ms-marketplace-token': 'bogus' })).status).toBe(
      400,
    );

    const id = body.subscription.id;
    expect((await azure('POST', `/api/saas/subscriptions/${id}/activate${API}`, { planId: 'gold', quantity: 3 })).status).toBe(400);
    expect((await azure('POST', `/api/saas/subscriptions/${id}/activate${API}`, { planId: 'silver', quantity: 3 })).status).toBe(200);
    expect((await azure('GET', `/api/saas/subscriptions/${id}${API}`)).body.saasSubscriptionStatus).toBe('Subscribed');
    const plans = await azure('GET', `/api/saas/subscriptions/${id}/listAvailablePlans${API}`);
    expect(plans.body.plans.map((p: Json) => p.planId)).toEqual(['silver', 'gold']);
    expect((await azure('GET', `/api/saas/subscriptions${API}`)).body.subscriptions).toHaveLength(1);
  });

  it('expires the marketplace token after 24 hours', async () => {
    const { body } = await sandbox.control('POST', '/_sandbox/azure/subscriptions', { offerId: 'bridge-saas', planId: 'silver' });
    await sandbox.control('POST', '/_sandbox/clock', { advanceSeconds: 24 * 3600 });
    token = String((await entraToken(sandbox.url, sandbox.entraPort)).body.access_token);
    expect((await azure('POST', `/api/saas/subscriptions/resolve${API}`, undefined, { 'x-ms-marketplace-token': body.token })).status).toBe(
      400,
    );
  });

  it('changes the plan with 202 and an Operation-Location, and deletes', async () => {
    const id = await subscribeAndActivate();
    const patched = await azure('PATCH', `/api/saas/subscriptions/${id}${API}`, { planId: 'gold' });
    expect(patched.status).toBe(202);
    const location = patched.headers.get('operation-location')!;
    expect(location).toMatch(new RegExp(`/api/saas/subscriptions/${id}/operations/[0-9a-f-]{36}\\?api-version=2018-08-31$`));
    const op = await azure('GET', new URL(location).pathname + API);
    expect(op.body).toMatchObject({ action: 'ChangePlan', status: 'Succeeded', planId: 'gold' });
    expect((await azure('PATCH', `/api/saas/subscriptions/${id}${API}`, { planId: 'gold', quantity: 2 })).status).toBe(400);
    const deleted = await azure('DELETE', `/api/saas/subscriptions/${id}${API}`);
    expect(deleted.status).toBe(202);
    expect((await azure('GET', `/api/saas/subscriptions/${id}${API}`)).body.saasSubscriptionStatus).toBe('Unsubscribed');
  });

  it('posts a buyer ChangePlan as a webhook with an RS256 bearer token verifiable by the JWKS, applied on Success', async () => {
    const id = await subscribeAndActivate();
    const op = await sandbox.control('POST', `/_sandbox/azure/subscriptions/${id}/actions`, { action: 'ChangePlan', planId: 'gold' });
    await sandbox.receiver.waitFor((c) => c.some((x) => x.path === WEBHOOK && x.body.action === 'ChangePlan'));
    const call = sandbox.receiver.on(WEBHOOK).find((c) => c.body.action === 'ChangePlan')!;
    expect(call.body).toMatchObject({ id: op.body.id, action: 'ChangePlan', subscriptionId: id, planId: 'gold', status: 'InProgress' });

    const token = String(call.headers.authorization).replace(/^Bearer /, '');
    const [header, payload, signature] = token.split('.');
    const jwks = (await sandbox.control('GET', '/_sandbox/azure/jwks')).body;
    const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid;
    const key = createPublicKey({ key: jwks.keys.find((k: Json) => k.kid === kid), format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))).toBe(true);
    expect(verify('sha256', Buffer.from(`${header}.${payload}x`), key, Buffer.from(signature, 'base64url'))).toBe(false);
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({ aud: 'marketplace-sandbox-publisher' });

    expect((await azure('GET', `/api/saas/subscriptions/${id}${API}`)).body.planId).toBe('silver');
    const ack = await azure('PATCH', `/api/saas/subscriptions/${id}/operations/${op.body.id}${API}`, { status: 'Success' });
    expect(ack.status).toBe(200);
    expect((await azure('GET', `/api/saas/subscriptions/${id}${API}`)).body.planId).toBe('gold');
    expect((await azure('PATCH', `/api/saas/subscriptions/${id}/operations/${op.body.id}${API}`, { status: 'Success' })).status).toBe(409);
  });

  it('tells the webhook of the activation (Subscribe), then of a suspension and an unsubscribe', async () => {
    const id = await subscribeAndActivate();
    await sandbox.control('POST', `/_sandbox/azure/subscriptions/${id}/actions`, { action: 'Suspend' });
    expect((await azure('GET', `/api/saas/subscriptions/${id}${API}`)).body.saasSubscriptionStatus).toBe('Suspended');
    await sandbox.control('POST', `/_sandbox/azure/subscriptions/${id}/unsubscribe`);
    await sandbox.receiver.waitFor((c) => c.filter((x) => x.path === WEBHOOK).length >= 3);
    const calls = sandbox.receiver.on(WEBHOOK);
    expect(calls.map((c) => String(c.body.action)).sort()).toEqual(['Subscribe', 'Suspend', 'Unsubscribe']);
    // The activation's operation is one Microsoft reports as done: nothing is owed to it.
    const subscribed = calls.find((c) => c.body.action === 'Subscribe')!;
    const subscribe = await azure('GET', `/api/saas/subscriptions/${id}/operations/${String(subscribed.body.id)}${API}`);
    expect(subscribe.body).toMatchObject({ action: 'Subscribe', status: 'Succeeded', subscriptionId: id });
  });

  it('accepts one usage event per resource, dimension and hour; a repeat gets 409 with the original', async () => {
    const id = await subscribeAndActivate();
    const first = await azure('POST', `/api/usageEvent${API}`, usage(id));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'Accepted', quantity: 5.5, resourceId: id });
    const repeat = await azure('POST', `/api/usageEvent${API}`, usage(id, { quantity: 9, effectiveStartTime: '2026-04-15T09:40:00Z' }));
    expect(repeat.status).toBe(409);
    expect(repeat.body.code).toBe('Conflict');
    expect(repeat.body.additionalInfo.acceptedMessage).toMatchObject({ usageEventId: first.body.usageEventId, quantity: 5.5 });
    const ledger = (await sandbox.control('GET', '/_sandbox/ledger?cloud=azure')).body.entries;
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ quantity: 5.5, timesRecorded: 1, hour: '2026-04-15T09:00:00.000Z' });
  });

  it('reports per-event statuses in a batch and refuses more than 25 events', async () => {
    const id = await subscribeAndActivate();
    const pending = (await sandbox.control('POST', '/_sandbox/azure/subscriptions', { offerId: 'bridge-saas', planId: 'silver' })).body
      .subscription.id;
    const batch = await azure('POST', `/api/batchUsageEvent${API}`, {
      request: [
        usage(id),
        usage(id, { quantity: 1 }),
        usage(id, { effectiveStartTime: '2026-04-14T10:00:00Z' }),
        usage('00000000-0000-0000-0000-000000000000'),
        usage(id, { dimension: 'api_calls' }),
        usage(id, { quantity: -1, effectiveStartTime: '2026-04-15T08:00:00Z' }),
        usage(id, { planId: undefined }),
        usage(pending),
      ],
    });
    expect(batch.status).toBe(200);
    expect(batch.body.count).toBe(8);
    expect(batch.body.result.map((r: Json) => r.status)).toEqual([
      'Accepted',
      'Duplicate',
      'Expired',
      'ResourceNotFound',
      'InvalidDimension',
      'InvalidQuantity',
      'BadArgument',
      'ResourceNotActive',
    ]);
    const tooMany = await azure('POST', `/api/batchUsageEvent${API}`, { request: Array.from({ length: 26 }, () => usage(id)) });
    expect(tooMany.status).toBe(400);
  });

  it('throttles the next batch with an azure fault', async () => {
    const id = await subscribeAndActivate();
    await sandbox.control('POST', '/_sandbox/faults', { operation: 'azure.batchUsageEvent', kind: 'throttle', count: 1 });
    expect((await azure('POST', `/api/batchUsageEvent${API}`, { request: [usage(id)] })).status).toBe(429);
    expect((await azure('POST', `/api/batchUsageEvent${API}`, { request: [usage(id)] })).status).toBe(200);
  });
});
