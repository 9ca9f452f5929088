import { randomUUID } from 'node:crypto';
import { eventually, queryDatabase, testConfig } from '@bridge/testing';
import { call } from '../http-client';
import { entraToken } from '../sandbox/entra-token.client';
import { countEvents, resetTrustStack, signJwt, startTrustStack, strangerKey, type TrustStack } from './trust-stack';

const ADMIN_KEY = 'trust-admin-key-0123456789abcdef';
const AZURE_API = '?api-version=2018-08-31';

jest.setTimeout(60_000);

describe('trust: the Azure SaaS webhook proves its sender, forged calls are refused and store nothing', () => {
  let stack: TrustStack;
  /** An API that trusts no sandbox signer. */
  let strict: { url: string };

  beforeAll(async () => {
    stack = await startTrustStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }));
    strict = await stack.startApi({ TRUST_SANDBOX_SIGNERS: 'false' });
  });
  afterAll(() => stack.stop());
  beforeEach(() => resetTrustStack(stack, ADMIN_KEY));

  describe('Azure SaaS webhook', () => {
    /** A genuine Entra token from the sandbox's stand-in: the marketplace APIs refuse any other. */
    const entraKey = async () => String((await entraToken(stack.sandboxUrl, stack.config.SANDBOX_ENTRA_PORT)).body.access_token);

    async function subscribedAzureSubscription() {
      await call('POST', `${stack.sandboxUrl}/_sandbox/azure/offers`, {
        body: {
          offerId: 'offer-az',
          plans: [
            { planId: 'basic', isPricePerSeat: true },
            { planId: 'pro', isPricePerSeat: true },
          ],
        },
      });
      const bought = await call<{ subscription: { id: string } }>('POST', `${stack.sandboxUrl}/_sandbox/azure/subscriptions`, {
        body: { offerId: 'offer-az', planId: 'basic', quantity: 5 },
      });
      const id = bought.body.subscription.id;
      const activated = await call('POST', `${stack.sandboxUrl}/api/saas/subscriptions/${id}/activate${AZURE_API}`, {
        key: await entraKey(),
        body: { planId: 'basic', quantity: 5 },
      });
      expect(activated.status).toBe(200);
      // Azure tells the webhook of the activation (Subscribe, nothing to answer): each test starts once it is taken.
      await eventually(async () =>
        expect(
          await queryDatabase(
            stack.config.DATABASE_URL,
            `SELECT 1 FROM marketplace_event WHERE detail_type = 'Subscribe' AND external_id IS NOT NULL AND processed_at IS NOT NULL AND payload->'operation'->>'subscriptionId' = $1`,
            [id],
          ),
        ).toHaveLength(1),
      );
      return id;
    }
    /** The marketplace events besides the activation's Subscribe. */
    const eventsBeyondSubscribe = async () => (await countEvents(stack.config.DATABASE_URL)) - 1;
    const operationOf = async (subscriptionId: string, operationId: string) =>
      call<{ status: string }>(
        'GET',
        `${stack.sandboxUrl}/api/saas/subscriptions/${subscriptionId}/operations/${operationId}${AZURE_API}`,
        { key: await entraKey() },
      );
    const subscriptionOf = async (id: string) =>
      call<{ planId: string; quantity: number }>('GET', `${stack.sandboxUrl}/api/saas/subscriptions/${id}${AZURE_API}`, {
        key: await entraKey(),
      });

    it('reads back a buyer’s plan and quantity changes, stores them and acknowledges them with Success', async () => {
      const id = await subscribedAzureSubscription();
      const plan = await call<{ id: string }>('POST', `${stack.sandboxUrl}/_sandbox/azure/subscriptions/${id}/actions`, {
        body: { action: 'ChangePlan', planId: 'pro' },
      });
      await eventually(async () => expect((await operationOf(id, plan.body.id)).body.status).toBe('Succeeded'));
      const quantity = await call<{ id: string }>('POST', `${stack.sandboxUrl}/_sandbox/azure/subscriptions/${id}/actions`, {
        body: { action: 'ChangeQuantity', quantity: 9 },
      });
      await eventually(async () => expect((await operationOf(id, quantity.body.id)).body.status).toBe('Succeeded'));
      expect((await subscriptionOf(id)).body).toMatchObject({ planId: 'pro', quantity: 9 });
      const suspend = await call<{ id: string }>('POST', `${stack.sandboxUrl}/_sandbox/azure/subscriptions/${id}/actions`, {
        body: { action: 'Suspend' },
      });
      const rows = await eventually(async () => {
        const found = await queryDatabase<{ external_id: string; detail_type: string }>(
          stack.config.DATABASE_URL,
          `SELECT external_id, detail_type FROM marketplace_event WHERE cloud = 'AZURE' AND processed_at IS NOT NULL AND detail_type <> 'Subscribe' ORDER BY received_at`,
        );
        expect(found).toHaveLength(3);
        return found;
      });
      expect(rows).toEqual([
        { external_id: plan.body.id, detail_type: 'ChangePlan' },
        { external_id: quantity.body.id, detail_type: 'ChangeQuantity' },
        { external_id: suspend.body.id, detail_type: 'Suspend' },
      ]);
      const deliveries = await call<{ events: { status: string; attempts: { httpStatus: number }[] }[] }>(
        'GET',
        `${stack.sandboxUrl}/_sandbox/events?channel=azure-webhook`,
      );
      // The activation's Subscribe, then the three actions: each answered 200 at the first attempt.
      expect(deliveries.body.events.map((e) => e.attempts[0].httpStatus)).toEqual([200, 200, 200, 200]);
    });

    it('acknowledges a stored operation whose acknowledgement job was lost: the inbox sweep queues it again', async () => {
      const id = await subscribedAzureSubscription();
      await call('POST', `${stack.sandboxUrl}/_sandbox/events/config`, { body: { enabled: false } });
      const op = await call<{ id: string }>('POST', `${stack.sandboxUrl}/_sandbox/azure/subscriptions/${id}/actions`, {
        body: { action: 'ChangeQuantity', quantity: 7 },
      });
      const readBack = await operationOf(id, op.body.id);
      expect(readBack.body.status).toBe('InProgress');
      // Stored as the webhook stores it, its event applied, but no acknowledgement job left in Redis.
      await queryDatabase(
        stack.config.DATABASE_URL,
        `INSERT INTO marketplace_event (id, cloud, external_id, source, detail_type, payload, received_at, processed_at)
         VALUES (gen_random_uuid(), 'AZURE', $1, 'azure.marketplace.webhook', 'ChangeQuantity', $2::jsonb, now() - interval '1 minute', now())`,
        [op.body.id, JSON.stringify({ operation: readBack.body, webhook: readBack.body })],
      );
      await eventually(async () => expect((await operationOf(id, op.body.id)).body.status).toBe('Succeeded'), { timeoutMs: 15_000 });
      expect((await subscriptionOf(id)).body).toMatchObject({ quantity: 7 });
      await eventually(async () =>
        expect(
          await queryDatabase(
            stack.config.DATABASE_URL,
            `SELECT 1 FROM marketplace_event WHERE external_id = $1 AND answered_at IS NOT NULL`,
            [op.body.id],
          ),
        ).toHaveLength(1),
      );
    });

    it('refuses forged, expired, misaddressed and unsigned tokens, and operations the marketplace does not know; nothing is stored', async () => {
      const id = await subscribedAzureSubscription();
      await call('POST', `${stack.sandboxUrl}/_sandbox/events/config`, { body: { enabled: false } });
      const op = await call<Record<string, unknown> & { id: string }>(
        'POST',
        `${stack.sandboxUrl}/_sandbox/azure/subscriptions/${id}/actions`,
        { body: { action: 'ChangeQuantity', quantity: 7 } },
      );
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: 'RS256', typ: 'JWT', kid: stack.keys.azureKeyId };
      const claims = {
        iss: `${stack.sandboxUrl}/_sandbox/azure`,
        aud: 'marketplace-sandbox-publisher',
        appid: '20e940b3-4c77-4b0b-9a53-9e16a1b010a7',
        iat: now,
        nbf: now,
        exp: now + 600,
      };
      const genuine = (c: Record<string, unknown> = {}) => signJwt(header, { ...claims, ...c }, stack.keys.azurePrivateKey);
      const forgeries: Record<string, string | undefined> = {
        'no token': undefined,
        'not a JWT': 'abc.def',
        'a stranger’s key under the sandbox kid': signJwt(header, claims, strangerKey()),
        'unsigned (alg none)': signJwt({ ...header, alg: 'none' }, claims, null, 'none'),
        'HS256 with the public key as secret': signJwt({ ...header, alg: 'HS256' }, claims, stack.keys.azurePrivateKey),
        'unknown kid': signJwt({ ...header, kid: 'other-key' }, claims, stack.keys.azurePrivateKey),
        expired: genuine({ exp: now - 3600, iat: now - 7200, nbf: now - 7200 }),
        'not yet valid': genuine({ nbf: now + 3600 }),
        'wrong audience': genuine({ aud: 'someone-else' }),
        'wrong issuer': genuine({ iss: 'https://sts.windows.net/attacker/' }),
        'not the marketplace app': genuine({ appid: 'another-app', azp: 'another-app' }),
        'claims altered after signing': `${genuine().split('.')[0]}.${Buffer.from(JSON.stringify({ ...claims, aud: 'x' })).toString('base64url')}.${genuine().split('.')[2]}`,
      };
      for (const [what, token] of Object.entries(forgeries)) {
        const answer = await call('POST', `${stack.apiUrl}/webhooks/azure`, {
          body: op.body,
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
        expect([what, answer.status]).toEqual([what, 401]);
      }
      // Genuine token, but the sandbox is not trusted there:
      expect(
        (await call('POST', `${strict.url}/webhooks/azure`, { body: op.body, headers: { authorization: `Bearer ${genuine()}` } })).status,
      ).toBe(401);
      // Genuine token, but the body claims an operation the marketplace does not have, or misstates it:
      const unknown = await call('POST', `${stack.apiUrl}/webhooks/azure`, {
        body: { ...op.body, id: randomUUID() },
        headers: { authorization: `Bearer ${genuine()}` },
      });
      expect(unknown.status).toBe(404);
      const misstated = await call('POST', `${stack.apiUrl}/webhooks/azure`, {
        body: { ...op.body, action: 'Unsubscribe' },
        headers: { authorization: `Bearer ${genuine()}` },
      });
      expect(misstated.status).toBe(400);
      expect(await eventsBeyondSubscribe()).toBe(0);
      expect((await operationOf(id, op.body.id)).body.status).toBe('InProgress');
      // The genuine call goes through, and a repeat is a repeat.
      const accepted = await call<{ eventId: string; duplicate: boolean }>('POST', `${stack.apiUrl}/webhooks/azure`, {
        body: op.body,
        headers: { authorization: `Bearer ${genuine()}` },
      });
      expect(accepted.status).toBe(200);
      const repeat = await call<{ eventId: string; duplicate: boolean }>('POST', `${stack.apiUrl}/webhooks/azure`, {
        body: op.body,
        headers: { authorization: `Bearer ${genuine()}` },
      });
      expect(repeat.body).toMatchObject({ eventId: accepted.body.eventId, duplicate: true });
      await eventually(async () => expect((await operationOf(id, op.body.id)).body.status).toBe('Succeeded'));
      expect(await eventsBeyondSubscribe()).toBe(1);
    });
  });
});
