import { verify, X509Certificate } from 'node:crypto';
import { documented, expectSameShape } from './documented-shape';
import { BUYER, SELLER, startSandbox, type Sandbox, type Json } from './sandbox-harness';

const SNS = '/webhooks/aws/sns';

/** The SNS SignatureVersion 2 canonical string for a Notification. */
function canonical(m: Record<string, string>): string {
  return ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
    .filter((k) => m[k] !== undefined)
    .map((k) => `${k}\n${m[k]}\n`)
    .join('');
}

describe('sandbox: signed SNS subscription notifications', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.stop());
  beforeEach(async () => {
    await sandbox.control('POST', '/_sandbox/reset');
    sandbox.receiver.clear();
  });

  const accept = (overrides: Record<string, unknown> = {}) =>
    sandbox.control('POST', '/_sandbox/aws/agreements', {
      offerId: 'offer-1',
      acceptorAccountId: BUYER,
      proposerAccountId: SELLER,
      productId: 'prod-abc123',
      productCode: 'code123',
      agreementValue: '10.00',
      currency: 'USD',
      ...overrides,
    });

  /** The parsed `Message` of every SNS notification the product received with this action, in order. */
  const messages = async (action: string, count = 1): Promise<Json[]> => {
    const ofAction = () =>
      sandbox.receiver
        .on(SNS)
        .map((c) => JSON.parse(c.body.Message))
        .filter((m) => m.action === action);
    await sandbox.receiver.waitFor(() => ofAction().length >= count);
    return ofAction();
  };

  /** The customer identifier and product code are the sandbox's; the rest must read as documented. */
  const snsOptions = {
    ignoreValuesAt: ['customer-identifier'],
    replace: { bridgeprodcode00000000001: 'code123', 'offer-bridgetest0000000001': 'offer-1' },
  };

  it('posts subscribe-success signed with SignatureVersion 2, verifiable with the published certificate', async () => {
    const { body: agreement } = await accept();
    await sandbox.receiver.waitFor((c) => c.some((x) => x.path === SNS));
    const call = sandbox.receiver.on(SNS)[0];
    expect(call.headers['x-amz-sns-message-type']).toBe('Notification');
    expect(call.headers['content-type']).toMatch(/^text\/plain/);
    const m = call.body;
    expect(m.TopicArn).toBe('arn:aws:sns:us-east-1:287250355862:aws-mp-subscription-notification-code123');
    expect(m.SignatureVersion).toBe('2');
    expect(JSON.parse(m.Message)['customer-identifier']).toEqual(expect.any(String));
    expect(agreement.licenseArn).toBeDefined();

    const pem = await (await fetch(m.SigningCertURL)).text();
    const cert = new X509Certificate(pem);
    expect(cert.subject).toContain('sns.us-east-1.amazonaws.com');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(verify('sha256', Buffer.from(canonical(m)), cert.publicKey, Buffer.from(m.Signature, 'base64'))).toBe(true);
    const tampered = { ...m, Message: m.Message.replace('subscribe-success', 'unsubscribe-success') };
    expect(verify('sha256', Buffer.from(canonical(tampered)), cert.publicKey, Buffer.from(m.Signature, 'base64'))).toBe(false);
  });

  it('subscribe-success carries only the documented keys, isFreeTrialTermPresent as a string', async () => {
    await accept({ freeTrial: true });
    const [message] = await messages('subscribe-success');
    expectSameShape(message, documented('sns/subscribe-success.json').message, snsOptions);
  });

  it('a purchase without a free trial says so as the string "false"', async () => {
    await accept();
    const [message] = await messages('subscribe-success');
    expect(message.isFreeTrialTermPresent).toBe('false');
  });

  it('wraps each message in the documented SNS envelope and headers', async () => {
    await accept();
    await messages('subscribe-success');
    const call = sandbox.receiver.on(SNS)[0];
    // Subject is optional and Marketplace sets none; every other member is there, all strings.
    const { Subject: _subject, ...envelope } = documented('sns/notification-envelope.json').message;
    expectSameShape(call.body, envelope, {
      ignoreValuesAt: [
        'MessageId',
        'TopicArn',
        'Message',
        'Timestamp',
        'SignatureVersion',
        'Signature',
        'SigningCertURL',
        'UnsubscribeURL',
      ],
    });
    expect(call.headers).toMatchObject({
      'x-amz-sns-message-type': 'Notification',
      'x-amz-sns-message-id': call.body.MessageId,
      'x-amz-sns-topic-arn': call.body.TopicArn,
      'x-amz-sns-subscription-arn': expect.stringMatching(
        /^arn:aws:sns:us-east-1:\d{12}:aws-mp-subscription-notification-code123:[0-9a-f-]{36}$/,
      ),
      'user-agent': 'Amazon Simple Notification Service Agent',
    });
  });

  it('sends entitlement-updated for a contract purchase and on amend, with its three documented keys, to the entitlement topic', async () => {
    const { body: agreement } = await accept({ dimensions: [{ key: 'users', quantity: 10 }] });
    await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/amend`, { agreementValue: '20.00' });
    const updates = await messages('entitlement-updated', 2);
    for (const update of updates) expectSameShape(update, documented('sns/entitlement-updated.json').message, snsOptions);
    const { body } = await sandbox.control('GET', '/_sandbox/events?channel=sns&kind=entitlement-updated');
    expect(body.events[0].body.TopicArn).toBe('arn:aws:sns:us-east-1:287250355862:aws-mp-entitlement-notification-code123');
  });

  it('sends unsubscribe-pending on cancel and unsubscribe-success once the final hour is over, as documented', async () => {
    const { body: agreement } = await accept({ freeTrial: true });
    await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/cancel`);
    const [pending] = await messages('unsubscribe-pending');
    expectSameShape(pending, documented('sns/unsubscribe-pending.json').message, snsOptions);
    expect(sandbox.receiver.on(SNS).map((c) => JSON.parse(c.body.Message).action)).not.toContain('unsubscribe-success');

    await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/deprovision`);
    const [success] = await messages('unsubscribe-success');
    expectSameShape(success, documented('sns/unsubscribe-success.json').message, snsOptions);
    const { body } = await sandbox.control('GET', '/_sandbox/events?channel=sns');
    expect(body.events.map((e: Json) => e.kind)).toEqual(['subscribe-success', 'unsubscribe-pending', 'unsubscribe-success']);
  });

  it('names the same customer in every message of one subscription', async () => {
    const { body: agreement } = await accept({ dimensions: [{ key: 'users', quantity: 1 }] });
    await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/cancel`);
    await messages('unsubscribe-pending');
    const ids = new Set(sandbox.receiver.on(SNS).map((c) => JSON.parse(c.body.Message)['customer-identifier']));
    expect(ids.size).toBe(1);
  });
});
