import { verify, X509Certificate } from 'node:crypto';
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

  const accept = () =>
    sandbox.control('POST', '/_sandbox/aws/agreements', {
      offerId: 'offer-1', acceptorAccountId: BUYER, proposerAccountId: SELLER, productId: 'prod-abc123', productCode: 'code123',
      agreementValue: '10.00', currency: 'USD',
    });

  it('posts subscribe-success signed with SignatureVersion 2, verifiable with the published certificate', async () => {
    const { body: agreement } = await accept();
    await sandbox.receiver.waitFor((c) => c.some((x) => x.path === SNS));
    const call = sandbox.receiver.on(SNS)[0];
    expect(call.headers['x-amz-sns-message-type']).toBe('Notification');
    expect(call.headers['content-type']).toMatch(/^text\/plain/);
    const m = call.body;
    expect(m.TopicArn).toBe('arn:aws:sns:us-east-1:287250355862:aws-mp-subscription-notification-code123');
    expect(m.SignatureVersion).toBe('2');
    expect(JSON.parse(m.Message)).toMatchObject({ action: 'subscribe-success', 'product-code': 'code123', 'customer-aws-account-id': BUYER, 'license-arn': agreement.licenseArn });

    const pem = await (await fetch(m.SigningCertURL)).text();
    const cert = new X509Certificate(pem);
    expect(cert.subject).toContain('sns.us-east-1.amazonaws.com');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(verify('sha256', Buffer.from(canonical(m)), cert.publicKey, Buffer.from(m.Signature, 'base64'))).toBe(true);
    const tampered = { ...m, Message: m.Message.replace('subscribe-success', 'unsubscribe-success') };
    expect(verify('sha256', Buffer.from(canonical(tampered)), cert.publicKey, Buffer.from(m.Signature, 'base64'))).toBe(false);
  });

  it('sends unsubscribe-pending then unsubscribe-success on cancel, and entitlement-updated on amend', async () => {
    const { body: agreement } = await accept();
    await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/amend`, { agreementValue: '20.00' });
    await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/cancel`);
    await sandbox.receiver.waitFor((c) => c.filter((x) => x.path === SNS).length >= 4);
    const { body } = await sandbox.control('GET', '/_sandbox/events?channel=sns');
    expect(body.events.map((e: Json) => e.kind)).toEqual(['subscribe-success', 'entitlement-updated', 'unsubscribe-pending', 'unsubscribe-success']);
    const entitlement = body.events[1].body;
    expect(entitlement.TopicArn).toBe('arn:aws:sns:us-east-1:287250355862:aws-mp-entitlement-notification-code123');
  });
});
