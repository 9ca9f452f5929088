import { awsClientConfig, BUYER, SELLER, startSandbox, type Sandbox, type Json } from './sandbox-harness';
import { DescribeAgreementCommand, MarketplaceAgreementClient } from '@aws-sdk/client-marketplace-agreement';

const EVENTBRIDGE = '/webhooks/aws/eventbridge';

describe('sandbox: event delivery, clock, faults and reset', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.stop());
  beforeEach(async () => {
    await sandbox.control('POST', '/_sandbox/reset');
    sandbox.receiver.clear();
  });

  // A direct purchase: Purchase Agreement Created - Proposer and License Updated - Manufacturer, two events.
  const accept = () =>
    sandbox.control('POST', '/_sandbox/aws/agreements', {
      offerId: 'offer-1',
      acceptorAccountId: BUYER,
      proposerAccountId: SELLER,
      productId: 'prod-abc123',
      productCode: 'code123',
      agreementValue: '100.00',
      currency: 'USD',
    });

  it('moves the clock to a set instant, keeps it frozen, and advances it', async () => {
    const set = await sandbox.control('POST', '/_sandbox/clock', { now: '2026-01-31T23:59:00Z' });
    expect(set.body).toEqual({ now: '2026-01-31T23:59:00.000Z', frozen: true });
    await new Promise((r) => setTimeout(r, 20));
    expect((await sandbox.control('GET', '/_sandbox/clock')).body.now).toBe('2026-01-31T23:59:00.000Z');
    const advanced = await sandbox.control('POST', '/_sandbox/clock', { advanceSeconds: 120 });
    expect(advanced.body.now).toBe('2026-02-01T00:01:00.000Z');
    expect((await sandbox.control('POST', '/_sandbox/clock', { now: 'yesterday' })).status).toBe(400);
  });

  it('retries a failing receiver with backoff until it accepts, and lists the attempts', async () => {
    await sandbox.control('POST', '/_sandbox/events/config', { baseDelayMs: 20 });
    sandbox.receiver.fail(EVENTBRIDGE, [500, 503, 500, 500]);
    await accept();
    await sandbox.receiver.waitFor((c) => c.filter((x) => x.path === EVENTBRIDGE).length >= 6);
    const { body } = await sandbox.control('GET', '/_sandbox/events?channel=eventbridge');
    expect(body.events).toHaveLength(2);
    expect(body.events.every((e: Json) => e.status === 'delivered')).toBe(true);
    const attempts = body.events.map((e: Json) => e.attempts.length).sort();
    expect(attempts[0] + attempts[1]).toBe(6);
    expect(body.events.flatMap((e: Json) => e.attempts).filter((a: Json) => !a.ok)).toHaveLength(4);
  });

  it('gives up after maxAttempts and marks the event failed', async () => {
    await sandbox.control('POST', '/_sandbox/events/config', { baseDelayMs: 5, maxAttempts: 2 });
    sandbox.receiver.fail(EVENTBRIDGE, [500, 500, 500, 500]);
    await accept();
    await sandbox.receiver.waitFor((c) => c.filter((x) => x.path === EVENTBRIDGE).length >= 4);
    await new Promise((r) => setTimeout(r, 50));
    const { body } = await sandbox.control('GET', '/_sandbox/events?channel=eventbridge&status=failed');
    expect(body.events).toHaveLength(2);
  });

  it('redelivers one event on demand, so tests can simulate a duplicate', async () => {
    await accept();
    await sandbox.receiver.waitFor((c) => c.filter((x) => x.path === EVENTBRIDGE).length >= 2);
    const { body } = await sandbox.control('GET', '/_sandbox/events?kind=Purchase%20Agreement%20Created%20-%20Proposer');
    const event = body.events[0];
    const redelivered = await sandbox.control('POST', `/_sandbox/events/${event.id}/redeliver`);
    expect(redelivered.body.deliveries).toBe(2);
    const copies = sandbox.receiver.on(EVENTBRIDGE).filter((c) => c.body.id === event.id);
    expect(copies).toHaveLength(2);
    expect(copies[0].rawBody).toBe(copies[1].rawBody);
  });

  it('holds events when delivery is switched off', async () => {
    await sandbox.control('POST', '/_sandbox/events/config', { enabled: false });
    await accept();
    await new Promise((r) => setTimeout(r, 100));
    expect(sandbox.receiver.on(EVENTBRIDGE)).toHaveLength(0);
    const { body } = await sandbox.control('GET', '/_sandbox/events?status=held&channel=eventbridge');
    expect(body.events).toHaveLength(2);
  });

  it('drops the next event with a drop-event fault', async () => {
    await sandbox.control('POST', '/_sandbox/faults', { operation: 'Purchase Agreement Created - Proposer', kind: 'drop-event', count: 1 });
    await accept();
    await sandbox.receiver.waitFor((c) => c.filter((x) => x.path === EVENTBRIDGE).length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(sandbox.receiver.on(EVENTBRIDGE).map((c) => c.body['detail-type'])).toEqual(['License Updated - Manufacturer']);
    const { body } = await sandbox.control('GET', '/_sandbox/events?status=dropped');
    expect(body.events).toHaveLength(1);
  });

  it('injects throttling, 5xx and slowness into the next matching calls only', async () => {
    const client = new MarketplaceAgreementClient(awsClientConfig(sandbox.url));
    const { body: a } = await accept();
    await sandbox.control('POST', '/_sandbox/faults', { operation: 'DescribeAgreement', kind: 'throttle', count: 1 });
    await sandbox.control('POST', '/_sandbox/faults', { operation: 'DescribeAgreement', kind: 'error5xx', count: 1 });
    await sandbox.control('POST', '/_sandbox/faults', { operation: 'DescribeAgreement', kind: 'slow', count: 1, delayMs: 300 });
    const throttled = await client.send(new DescribeAgreementCommand({ agreementId: a.agreementId })).catch((e) => e);
    expect(throttled.name).toBe('ThrottlingException');
    expect(throttled.$metadata.httpStatusCode).toBe(429);
    const failed = await client.send(new DescribeAgreementCommand({ agreementId: a.agreementId })).catch((e) => e);
    expect(failed.name).toBe('InternalServerException');
    expect(failed.$metadata.httpStatusCode).toBe(500);
    const started = Date.now();
    await client.send(new DescribeAgreementCommand({ agreementId: a.agreementId }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const ok = await client.send(new DescribeAgreementCommand({ agreementId: a.agreementId }));
    expect(ok.status).toBe('ACTIVE');
    const stats = await sandbox.control('GET', '/_sandbox/stats');
    expect(stats.body.calls.DescribeAgreement).toEqual({ ThrottlingException: 1, InternalServerException: 1, Success: 2 });
    client.destroy();
  });

  it('reset clears agreements, events and faults', async () => {
    const { body: a } = await accept();
    await sandbox.control('POST', '/_sandbox/faults', { operation: '*', kind: 'error5xx', count: 5 });
    await sandbox.control('POST', '/_sandbox/reset');
    expect((await sandbox.control('GET', '/_sandbox/events')).body.events).toHaveLength(0);
    expect((await sandbox.control('GET', '/_sandbox/faults')).body.faults).toHaveLength(0);
    const client = new MarketplaceAgreementClient(awsClientConfig(sandbox.url));
    const error = await client.send(new DescribeAgreementCommand({ agreementId: a.agreementId })).catch((e) => e);
    expect(error.name).toBe('ResourceNotFoundException');
    client.destroy();
  });
});
