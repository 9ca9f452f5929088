import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, queryDatabase, testConfig } from '@bridge/testing';
import { SigningCertificateCache } from '../../apps/api/src/webhooks/signing-certificate.cache';
import { documented } from '../fixtures/aws/documented-message';
import { call } from '../http-client';
import { countEvents, resetTrustStack, signSns, startTrustStack, strangerKey, type TrustStack } from './trust-stack';

const ADMIN_KEY = 'trust-admin-key-0123456789abcdef';
const BUYER = '444455556666';
const SELLER = '111122223333';
const TOPIC = 'arn:aws:sns:us-east-1:287250355862:aws-mp-subscription-notification-code123';
const EVENTBRIDGE_SECRET = 'eventbridge-secret-0123456789';

/** SNS's canonical string, written here independently of the product's. */
function canonical(m: Record<string, string | undefined>): string {
  const keys =
    m.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return keys
    .filter((k) => m[k] !== undefined)
    .map((k) => `${k}\n${m[k]}\n`)
    .join('');
}

jest.setTimeout(60_000);

describe('trust: AWS webhooks prove their sender, forged calls are refused and store nothing', () => {
  let stack: TrustStack;
  let strict: { url: string };
  let topicLimited: { url: string };
  let stranger: Server;
  let strangerUrl: string;
  const strangerCalls: string[] = [];

  beforeAll(async () => {
    stack = await startTrustStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }));
    strict = await stack.startApi({ TRUST_SANDBOX_SIGNERS: 'false', EVENTBRIDGE_WEBHOOK_SECRET: EVENTBRIDGE_SECRET });
    topicLimited = await stack.startApi({ SNS_TOPIC_ARN_ALLOWLIST: 'arn:aws:sns:*:287250355862:aws-mp-entitlement-notification-*' });
    // A host that is not SNS: it serves a certificate and records every call the product makes to it.
    stranger = createServer((req, res) => {
      strangerCalls.push(req.url ?? '');
      res.setHeader('content-type', 'text/plain');
      res.end(stack.keys.snsCertificatePem);
    });
    await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
    strangerUrl = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => stranger.close(resolve));
    await stack.stop();
  });
  beforeEach(async () => {
    await resetTrustStack(stack, ADMIN_KEY);
    strangerCalls.length = 0;
  });

  const certUrl = () => `${stack.sandboxUrl}/_sandbox/sns/cert.pem`;

  function notification(
    overrides: Record<string, string> = {},
    options: { version?: '1' | '2'; key?: Parameters<typeof signSns>[1]; certUrl?: string } = {},
  ) {
    const fields: Record<string, string> = {
      Type: 'Notification',
      MessageId: randomUUID(),
      TopicArn: TOPIC,
      Message: JSON.stringify(documented('sns/subscribe-success.json').message),
      Timestamp: new Date().toISOString(),
      ...overrides,
    };
    const version = options.version ?? '2';
    return {
      ...fields,
      SignatureVersion: version,
      Signature: signSns(canonical(fields), options.key ?? stack.keys.snsPrivateKey, version),
      SigningCertURL: options.certUrl ?? certUrl(),
    };
  }

  const postSns = (message: Record<string, string>, url = stack.apiUrl) =>
    call<{ eventId?: string; duplicate?: boolean; accepted?: boolean; parked?: string; details?: { field: string; reason: string }[] }>(
      'POST',
      `${url}/webhooks/aws/sns`,
      {
        rawBody: JSON.stringify(message),
        headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': message.Type },
      },
    );

  describe('SNS', () => {
    it('takes the sandbox’s signed notifications into the inbox; the attribution bridge finds no credit in them', async () => {
      const accepted = await call<{ agreementId: string }>('POST', `${stack.sandboxUrl}/_sandbox/aws/agreements`, {
        body: {
          offerId: 'offer-1',
          acceptorAccountId: BUYER,
          proposerAccountId: SELLER,
          productId: 'prod-abc123',
          productCode: 'code123',
          agreementValue: '10.00',
          currency: 'USD',
        },
      });
      expect(accepted.status).toBe(201);
      const [row] = await eventually(async () => {
        const rows = await queryDatabase<{ detail_type: string; outcome: string | null; payload: { topicArn: string } }>(
          stack.config.DATABASE_URL,
          `SELECT detail_type, outcome, payload FROM marketplace_event WHERE source = 'aws.marketplace.sns' AND processed_at IS NOT NULL`,
        );
        expect(rows).toHaveLength(1);
        return rows;
      });
      expect(row).toMatchObject({
        detail_type: 'subscribe-success',
        outcome: expect.stringMatching(/^no credit effect/),
        payload: { topicArn: TOPIC },
      });
      const events = await call<{ events: { status: string }[] }>('GET', `${stack.sandboxUrl}/_sandbox/events?channel=sns`);
      expect(events.body.events.map((e) => e.status)).toEqual(['delivered']);
      // Every other message of the purchase lands before the next test empties the inbox.
      await eventually(async () => {
        const all = await call<{ events: { status: string }[] }>('GET', `${stack.sandboxUrl}/_sandbox/events`);
        expect(all.body.events.filter((e) => e.status === 'pending')).toEqual([]);
      });
    });

    it('verifies SignatureVersion 1 (SHA1) and 2 (SHA256); a redelivery lands on the same row; the certificate is fetched once', async () => {
      const v1 = notification({}, { version: '1' });
      const v2 = notification({}, { version: '2' });
      const first = await postSns(v1);
      expect(first.status).toBe(200);
      expect((await postSns(v2)).status).toBe(200);
      const again = await postSns(v1);
      expect(again.body).toMatchObject({ eventId: first.body.eventId, duplicate: true });
      expect(await countEvents(stack.config.DATABASE_URL)).toBe(2);
      expect(stack.api.get(SigningCertificateCache).size).toBe(1);
    });

    it('refuses forgeries and stores nothing: tampered message, wrong key, wrong version, foreign certificate hosts', async () => {
      const tampered = { ...notification(), Message: JSON.stringify(documented('sns/unsubscribe-success.json').message) };
      const wrongKey = notification({}, { key: strangerKey() });
      const wrongVersion = { ...notification({}, { version: '1' }), SignatureVersion: '2' };
      const foreignHosts = [
        `${strangerUrl}/_sandbox/sns/cert.pem`,
        `${strangerUrl}/cert.pem`,
        'https://sns.us-east-1.amazonaws.com.evil.example/cert.pem',
        'http://sns.us-east-1.amazonaws.com/cert.pem',
        `${stack.sandboxUrl}/_sandbox/sns/cert.txt`,
      ].map((url) => notification({}, { certUrl: url }));
      for (const forged of [tampered, wrongKey, wrongVersion, ...foreignHosts]) {
        const answer = await postSns(forged);
        expect([forged.SigningCertURL, answer.status]).toEqual([forged.SigningCertURL, 401]);
        expect(answer.body.details?.[0].field).toMatch(/^(Signature|SigningCertURL)$/);
      }
      expect(strangerCalls).toEqual([]);
      expect(await countEvents(stack.config.DATABASE_URL)).toBe(0);
    });

    it('refuses a genuinely signed message older than an hour (a replay) and stores nothing; a fresh one is taken', async () => {
      const hourAndMinuteAgo = new Date(Date.now() - 61 * 60_000).toISOString();
      for (const version of ['1', '2'] as const) {
        const replayed = await postSns(notification({ Timestamp: hourAndMinuteAgo }, { version }));
        expect(replayed.status).toBe(401);
        expect(replayed.body.details).toEqual([
          {
            field: 'Timestamp',
            reason: expect.stringMatching(/^the message was signed 61 min ago; messages older than 1 h are refused as replays$/),
          },
        ]);
      }
      const farFuture = await postSns(notification({ Timestamp: new Date(Date.now() + 2 * 3_600_000).toISOString() }));
      expect(farFuture.status).toBe(401);
      expect(farFuture.body.details?.[0].field).toBe('Timestamp');
      expect(await countEvents(stack.config.DATABASE_URL)).toBe(0);
      expect((await postSns(notification({ Timestamp: new Date(Date.now() - 59 * 60_000).toISOString() }))).status).toBe(200);
      expect(await countEvents(stack.config.DATABASE_URL)).toBe(1);
    });

    it('fetches a certificate that cannot be had once, not once per message naming it', async () => {
      // A trusted certificate host (the API is told the sandbox lives here) that has no certificate.
      const fetches: string[] = [];
      const emptyHost = createServer((req, res) => {
        fetches.push(req.url ?? '');
        res.statusCode = 404;
        res.end();
      });
      await new Promise<void>((resolve) => emptyHost.listen(0, '127.0.0.1', resolve));
      try {
        const port = (emptyHost.address() as AddressInfo).port;
        const api = await stack.startApi({ SANDBOX_PORT: String(port), TRUST_SANDBOX_SIGNERS: 'true' });
        const missing = `http://127.0.0.1:${port}/_sandbox/sns/cert.pem`;
        for (let i = 0; i < 10; i += 1) {
          const answer = await postSns(notification({}, { certUrl: missing }), api.url);
          expect(answer.status).toBe(401);
          expect(answer.body.details).toEqual([{ field: 'SigningCertURL', reason: 'signing certificate could not be fetched: HTTP 404' }]);
        }
        expect(fetches).toEqual(['/_sandbox/sns/cert.pem']);
        expect(await countEvents(stack.config.DATABASE_URL)).toBe(0);
      } finally {
        await new Promise((resolve) => emptyHost.close(resolve));
      }
    });

    it('refuses the sandbox’s own signature where the sandbox is not trusted, and unexpected topics where an allow-list is set', async () => {
      expect((await postSns(notification(), strict.url)).status).toBe(401);
      const refused = await postSns(notification(), topicLimited.url);
      expect(refused.status).toBe(403);
      expect(refused.body.details).toEqual([{ field: 'TopicArn', reason: 'not a topic this product subscribes to' }]);
      const entitlement = notification({ TopicArn: 'arn:aws:sns:us-east-1:287250355862:aws-mp-entitlement-notification-code123' });
      expect((await postSns(entitlement, topicLimited.url)).status).toBe(200);
      expect(await countEvents(stack.config.DATABASE_URL)).toBe(1);
    });

    it('confirms a subscription by visiting SubscribeURL on an allowed host only', async () => {
      const confirmation = (subscribeUrl: string) => {
        const fields = {
          Type: 'SubscriptionConfirmation',
          MessageId: randomUUID(),
          TopicArn: TOPIC,
          Message: 'You have chosen to subscribe',
          Timestamp: new Date().toISOString(),
          SubscribeURL: subscribeUrl,
          Token: 'tok-1',
        };
        return {
          ...fields,
          SignatureVersion: '2',
          Signature: signSns(canonical(fields), stack.keys.snsPrivateKey, '2'),
          SigningCertURL: certUrl(),
        };
      };
      const confirmed = await postSns(confirmation(`${stack.sandboxUrl}/_sandbox/sns/cert.pem?Action=ConfirmSubscription&Token=tok-1`));
      expect(confirmed).toEqual({ status: 200, body: { confirmed: true, topicArn: TOPIC } });
      // The product really calls it: a URL the sandbox does not serve fails the confirmation.
      expect((await postSns(confirmation(`${stack.sandboxUrl}/_sandbox/sns/no-such-confirmation`))).status).toBe(502);
      const elsewhere = await postSns(confirmation(`${strangerUrl}/?Action=ConfirmSubscription&Token=tok-1`));
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body.details?.[0].field).toBe('SubscribeURL');
      expect(strangerCalls).toEqual([]);
      expect(await countEvents(stack.config.DATABASE_URL)).toBe(0);
    });

    it('unsubscribe-pending (as documented: the legacy customer identifier only) stops the customer’s metered subscription taking usage', async () => {
      const message = documented<{ 'customer-identifier': string; 'product-code': string }>('sns/unsubscribe-pending.json').message;
      const registered = await call<{ id: string; status: string }>('POST', `${stack.apiUrl}/v1/usage/subscriptions`, {
        key: ADMIN_KEY,
        body: {
          cloud: 'AWS',
          customerAwsAccountId: BUYER,
          licenseArn: `arn:aws:license-manager::${BUYER}:license:l-0123456789abcdef0123456789abcdef`,
          customerIdentifier: message['customer-identifier'],
          productCode: message['product-code'],
        },
      });
      expect(registered.body.status).toBe('ACTIVE');
      expect((await postSns(notification({ Message: JSON.stringify(message) }))).status).toBe(200);
      const found = await call<{ status: string; endingAt: string | null }>(
        'GET',
        `${stack.apiUrl}/v1/usage/subscriptions/${registered.body.id}`,
        { key: ADMIN_KEY },
      );
      expect(found.body.status).toBe('UNSUBSCRIBE_PENDING');
      expect(found.body.endingAt).not.toBeNull();
    });

    it.each(['subscribe-success', 'subscribe-fail', 'unsubscribe-pending', 'unsubscribe-success', 'entitlement-updated'])(
      'takes the documented %s message as AWS sends it',
      async (action) => {
        const answer = await postSns(notification({ Message: JSON.stringify(documented(`sns/${action}.json`).message) }));
        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({ accepted: true });
        expect(answer.body.parked).toBeUndefined();
      },
    );

    it('a verified notification the product cannot read is kept and parked, not refused', async () => {
      const answer = await postSns(
        notification({ Message: JSON.stringify({ action: 'subscribe-paused', 'customer-identifier': 'X1', 'product-code': 'code123' }) }),
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ accepted: true, parked: expect.stringMatching(/does not know the action "subscribe-paused"/) });
      expect(await countEvents(stack.config.DATABASE_URL)).toBe(1);
    });

    it('names the field at fault when the body is not an SNS message', async () => {
      const notJson = await call<{ details: { field: string }[] }>('POST', `${stack.apiUrl}/webhooks/aws/sns`, {
        rawBody: '{"Type":',
        headers: { 'content-type': 'text/plain' },
      });
      expect(notJson.status).toBe(400);
      const noSignature = { ...notification() } as Record<string, string>;
      delete noSignature.Signature;
      const missing = await postSns(noSignature);
      expect(missing.status).toBe(400);
      expect(missing.body.details).toEqual([expect.objectContaining({ field: 'Signature' })]);
    });
  });

  describe('EventBridge API destination', () => {
    const envelope = () => ({
      version: '0',
      id: randomUUID(),
      'detail-type': 'Change Set Succeeded',
      source: 'aws.marketplacecatalog',
      time: new Date().toISOString(),
      detail: {},
    });

    it('requires the configured secret in x-eventbridge-secret when one is set', async () => {
      const missing = await call<{ details: unknown }>('POST', `${strict.url}/webhooks/aws/eventbridge`, { body: envelope() });
      expect(missing.status).toBe(401);
      expect(missing.body.details).toEqual([{ field: 'x-eventbridge-secret', reason: expect.stringMatching(/^missing/) }]);
      for (const wrong of ['x', `${EVENTBRIDGE_SECRET}x`, EVENTBRIDGE_SECRET.toUpperCase()]) {
        expect(
          (await call('POST', `${strict.url}/webhooks/aws/eventbridge`, { body: envelope(), headers: { 'x-eventbridge-secret': wrong } }))
            .status,
        ).toBe(401);
      }
      // Refused before validation: a bad body without the secret learns nothing about the schema.
      expect((await call('POST', `${strict.url}/webhooks/aws/eventbridge`, { body: { nonsense: true } })).status).toBe(401);
      expect(await countEvents(stack.config.DATABASE_URL)).toBe(0);
      const ok = await call('POST', `${strict.url}/webhooks/aws/eventbridge`, {
        body: envelope(),
        headers: { 'x-eventbridge-secret': EVENTBRIDGE_SECRET },
      });
      expect(ok.status).toBe(202);
      expect(await countEvents(stack.config.DATABASE_URL)).toBe(1);
      // Authenticated but not an event the product can read: kept and parked, never refused (an API destination does not retry a 4xx).
      const odd = await call<{ parked?: string }>('POST', `${strict.url}/webhooks/aws/eventbridge`, {
        body: { nonsense: true },
        headers: { 'x-eventbridge-secret': EVENTBRIDGE_SECRET },
      });
      expect(odd.status).toBe(202);
      expect(odd.body.parked).toMatch(/not an EventBridge event/);
      expect(await countEvents(stack.config.DATABASE_URL)).toBe(2);
      // A body that is not a JSON object at all cannot be kept as a message.
      expect(
        (
          await call('POST', `${strict.url}/webhooks/aws/eventbridge`, {
            body: [1, 2],
            headers: { 'x-eventbridge-secret': EVENTBRIDGE_SECRET },
          })
        ).status,
      ).toBe(400);
      // Nor one holding a NUL character, which PostgreSQL cannot store: refused with the reason, not a 500.
      const nul = await call<{ details: { field: string; reason: string }[] }>('POST', `${strict.url}/webhooks/aws/eventbridge`, {
        body: { ...envelope(), resources: ['\u0000'] },
        headers: { 'x-eventbridge-secret': EVENTBRIDGE_SECRET },
      });
      expect(nul.status).toBe(400);
      expect(nul.body.details[0].reason).toMatch(/NUL character/);
      expect(await countEvents(stack.config.DATABASE_URL)).toBe(2);
    });

    it('needs no secret when none is configured (the sandbox cannot send one)', async () => {
      expect((await call('POST', `${stack.apiUrl}/webhooks/aws/eventbridge`, { body: envelope() })).status).toBe(202);
    });
  });
});
