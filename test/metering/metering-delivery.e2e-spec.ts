import { once } from 'node:events';
import { Queue } from 'bullmq';
import { QueueName, redisOptionsFromUrl } from '@bridge/queues';
import { eventually } from '@bridge/testing';
import { call } from '../http-client';
import { hourAgo, MeteringStack, PRODUCT_A, usageRecord } from './metering-stack';

const BUYER = '444455556666';
const RESELLER_ACCOUNT = '111122223333';
jest.setTimeout(120_000);

/** Metering against the sandbox: exactly once through crashes, throttling storms and duplicates. */
describe('metering delivers every hour exactly once', () => {
  const m = new MeteringStack();
  let now: Date;
  let licenseArn: string;

  beforeAll(() => m.start());
  afterAll(() => m.stop());
  beforeEach(async () => {
    now = new Date();
    await m.reset(now);
    await m.listing(PRODUCT_A, { api_calls: '0.25', gb_scanned: '1.10' });
    ({ licenseArn } = await m.awsCustomer(BUYER, PRODUCT_A));
  });
  afterEach(() => m.stopWorker());

  const statuses = async () =>
    m.sql<{ status: string; send_attempts: number; dimension: string }>(
      'SELECT status::text, send_attempts, dimension FROM usage_hour ORDER BY dimension',
    );

  it('loses and doubles nothing when the worker is SIGKILLed after the marketplace call and before storing its answer', async () => {
    const at = new Date(hourAgo(now, 2).getTime() + 60_000);
    await m.api('POST', '/v1/usage', {
      records: [usageRecord('u1', BUYER, licenseArn, 'api_calls', at, 40), usageRecord('u2', BUYER, licenseArn, 'gb_scanned', at, 3)],
    });
    // The marketplace takes 4 s to answer: the call is in flight when the worker dies.
    await m.sandbox('POST', '/_sandbox/faults', { operation: 'BatchMeterUsage', kind: 'slow', count: 1, delayMs: 4000 });
    const first = m.spawnWorker();
    await eventually(
      async () => expect((await statuses()).map((s) => `${s.status}/${s.send_attempts}`)).toEqual(['SENDING/1', 'SENDING/1']),
      { timeoutMs: 30_000 },
    );
    // The marketplace has taken the call once the slow fault is used up.
    await eventually(async () => expect((await m.sandbox('GET', '/_sandbox/faults')).body.faults).toEqual([]), { timeoutMs: 10_000 });
    first.kill('SIGKILL');
    await once(first, 'exit');
    // The marketplace still finishes the call and bills it; the product never learnt the answer.
    const billed = await eventually(
      async () => {
        const entries = await m.ledger();
        expect(entries).toHaveLength(2);
        return entries;
      },
      { timeoutMs: 10_000 },
    );
    expect(billed.map((e) => e.timesRecorded)).toEqual([1, 1]);
    expect((await statuses()).map((s) => s.status)).toEqual(['SENDING', 'SENDING']);

    const second = m.spawnWorker();
    try {
      await eventually(async () => expect((await statuses()).map((s) => s.status)).toEqual(['ACCEPTED', 'ACCEPTED']), {
        timeoutMs: 30_000,
      });
    } finally {
      second.kill('SIGTERM');
      await once(second, 'exit');
    }
    const entries = await m.ledger();
    expect(entries.map((e) => [e.dimension, e.quantity, e.timesRecorded, e.identicalResends, e.conflictingResends]).sort()).toEqual([
      ['api_calls', 40, 1, 1, 0],
      ['gb_scanned', 3, 1, 1, 0],
    ]);
    expect((await statuses()).map((s) => s.send_attempts)).toEqual([2, 2]);
  });

  it('rides out a throttling storm and unprocessed records, billing each hour once', async () => {
    const customers = [{ account: BUYER, arn: licenseArn }];
    for (let i = 1; i < 30; i++) {
      const account = String(600000000000 + i);
      customers.push({ account, arn: (await m.awsCustomer(account, PRODUCT_A)).licenseArn });
    }
    const records = customers.flatMap((c, i) =>
      [1, 2, 3].flatMap((h) =>
        ['api_calls', 'gb_scanned'].map((dim) => usageRecord(`s-${i}-${h}-${dim}`, c.account, c.arn, dim, hourAgo(now, h), i + h)),
      ),
    );
    expect((await m.api('POST', '/v1/usage', { records })).body.accepted).toBe(180);
    await m.sandbox('POST', '/_sandbox/aws/metering/config', { callsPerSecond: 2 });
    await m.sandbox('POST', '/_sandbox/faults', { operation: 'BatchMeterUsage', kind: 'throttle', count: 4 });
    await m.sandbox('POST', '/_sandbox/faults', { operation: 'BatchMeterUsage', kind: 'unprocessed', count: 2 });
    await m.startWorker();
    const entries = await eventually(
      async () => {
        const ledger = await m.ledger();
        expect(ledger).toHaveLength(180);
        return ledger;
      },
      { timeoutMs: 60_000 },
    );
    for (const e of entries) {
      const i = customers.findIndex((c) => c.account === e.customer.customerAWSAccountId);
      const h = Math.round((hourAgo(now, 0).getTime() - Date.parse(e.hour)) / 3_600_000);
      expect([e.quantity, e.timesRecorded, e.conflictingResends]).toEqual([i + h, 1, 0]);
    }
    const calls = await m.meteringCalls();
    expect(calls.ThrottlingException).toBeGreaterThanOrEqual(4);
    await eventually(async () => expect(new Set((await statuses()).map((s) => s.status))).toEqual(new Set(['ACCEPTED'])));
  });

  it('sends the current hour at once after unsubscribe-pending, then refuses more usage', async () => {
    const { subscriptionId, licenseArn: arn } = await m.awsCustomer('777700001111', PRODUCT_A);
    const current = new Date(Math.max(hourAgo(now, 0).getTime(), now.getTime() - 60_000));
    await m.api('POST', '/v1/usage', { records: [usageRecord('f1', '777700001111', arn, 'api_calls', current, 9)] });
    await m.startWorker();
    await m.tick();
    expect(await m.ledger()).toHaveLength(0); // the hour has not ended: nothing is due yet
    expect((await m.api('POST', `/v1/usage/subscriptions/${subscriptionId}/unsubscribe-pending`)).status).toBe(202);
    await eventually(
      async () => expect((await m.ledger()).map((e) => [e.hour, e.quantity])).toEqual([[hourAgo(now, 0).toISOString(), 9]]),
      { timeoutMs: 15_000 },
    );
    await eventually(async () =>
      expect((await m.api('GET', `/v1/usage/subscriptions/${subscriptionId}`)).body.finalFlushAt).not.toBeNull(),
    );
    const late = await m.api('POST', '/v1/usage', { records: [usageRecord('f2', '777700001111', arn, 'api_calls', current, 1)] });
    expect(late.body.problems[0].reason).toMatch(/^SUBSCRIPTION_ENDED/);
  });

  it('registers a customer for metering when AWS announces its licence (License Updated), and a redelivered announcement changes nothing', async () => {
    const buyer = '777700002222';
    await m.sandbox('POST', '/_sandbox/events/config', { enabled: true });
    const accepted = await m.sandbox('POST', '/_sandbox/aws/agreements', {
      offerId: 'offer-licence',
      acceptorAccountId: buyer,
      proposerAccountId: RESELLER_ACCOUNT,
      productId: PRODUCT_A,
      productCode: PRODUCT_A,
      agreementValue: '0.00',
      currency: 'USD',
    });
    expect(accepted.status).toBe(201);
    const arn: string = accepted.body.licenseArn;
    const subscriptionOf = () =>
      m.sql<{ id: string; product_code: string; license_arn: string; listed: boolean; report_zero_hours: boolean }>(
        `SELECT id, product_code, license_arn, listing_id IS NOT NULL AS listed, report_zero_hours FROM metering_subscription WHERE aws_account_id = $1`,
        [buyer],
      );
    const [registered] = await eventually(async () => {
      const rows = await subscriptionOf();
      expect(rows).toHaveLength(1);
      return rows;
    });
    // The event spells the licence aws:license-manager:<region>:<account>:l-…; it is kept in the ARN form the Metering API takes.
    expect(registered).toMatchObject({ product_code: PRODUCT_A, license_arn: arn, listed: true, report_zero_hours: false });

    // Usage of the new customer is taken and billed with nobody registering it by hand.
    const at = new Date(hourAgo(now, 0).getTime() + 1_000);
    const taken = await m.api('POST', '/v1/usage', { records: [usageRecord('s1', buyer, arn, 'api_calls', at, 5)] });
    expect(taken.body).toMatchObject({ accepted: 1, problems: [] });

    // An operator then sets the zero-hours report; the same licence event delivered again must not undo it.
    await m.api('POST', '/v1/usage/subscriptions', {
      cloud: 'AWS',
      customerAwsAccountId: buyer,
      licenseArn: arn,
      productCode: PRODUCT_A,
      reportZeroHours: true,
    });
    const { body } = await m.sandbox('GET', '/_sandbox/events?channel=eventbridge');
    const announcement = body.events.find((e: { kind: string }) => e.kind === 'License Updated - Manufacturer').body;
    const again = await call<{ duplicate: boolean }>('POST', `${m.stack.apiUrl}/webhooks/aws/eventbridge`, { body: announcement });
    expect(again.body.duplicate).toBe(true);
    expect(await subscriptionOf()).toEqual([{ ...registered, report_zero_hours: true }]);
  });

  it('does not register a customer whose licence end reached the product before its update', async () => {
    const buyer = '777700003333';
    // Delivery held: the sandbox keeps its events, to be handed to the product out of order.
    const accepted = await m.sandbox('POST', '/_sandbox/aws/agreements', {
      offerId: 'offer-late',
      acceptorAccountId: buyer,
      proposerAccountId: RESELLER_ACCOUNT,
      productId: PRODUCT_A,
      productCode: PRODUCT_A,
      agreementValue: '0.00',
      currency: 'USD',
    });
    await m.sandbox('POST', `/_sandbox/aws/agreements/${accepted.body.agreementId}/cancel`);
    expect((await m.sandbox('POST', `/_sandbox/aws/agreements/${accepted.body.agreementId}/deprovision`)).status).toBeLessThan(300);
    const { body } = await m.sandbox('GET', '/_sandbox/events?channel=eventbridge');
    const sent = (kind: string) => body.events.find((e: { kind: string }) => e.kind === kind).body;
    const deliver = (event: unknown) => call('POST', `${m.stack.apiUrl}/webhooks/aws/eventbridge`, { body: event });
    expect((await deliver(sent('License Deprovisioned - Manufacturer'))).status).toBe(202);
    expect((await deliver(sent('License Updated - Manufacturer'))).status).toBe(202);
    expect(await m.sql(`SELECT id FROM metering_subscription WHERE aws_account_id = $1`, [buyer])).toEqual([]);
  });

  /** A reseller (Northwind) and the channel agreement through which it sold the product to `buyer`. */
  async function resellerAgreement(marketplaceAgreementId: string, buyer: string): Promise<string> {
    const [{ id: partnerId }] = await m.sql<{ id: string }>(
      `INSERT INTO partner (id, name, persona) VALUES (gen_random_uuid(), 'Northwind', 'RESELLER') RETURNING id`,
    );
    await m.sql(`INSERT INTO partner_cloud_account (id, partner_id, cloud, account_id) VALUES (gen_random_uuid(), $1, 'AWS', $2)`, [
      partnerId,
      RESELLER_ACCOUNT,
    ]);
    await m.sql(
      `INSERT INTO agreement (id, cloud, marketplace_agreement_id, marketplace_offer_id, product_id, acceptor_account_id, proposer_account_id,
         resale_authorization_id, intent, status, value_minor, currency, accepted_at, updated_at)
       VALUES (gen_random_uuid(), 'AWS', $3, 'offer-1', $1, $4, $2, 'ra-1', 'NEW', 'ACTIVE', 0, 'USD', now(), now())`,
      [PRODUCT_A, RESELLER_ACCOUNT, marketplaceAgreementId, buyer],
    );
    return partnerId;
  }

  it('credits metered revenue to the reseller of a channel agreement, once per usage hour', async () => {
    const partnerId = await resellerAgreement('agmt-usage-1', '888800002222');
    const { licenseArn: arn } = await m.awsCustomer('888800002222', PRODUCT_A, {
      marketplaceAgreementId: 'agmt-usage-1',
      dimensions: [{ key: 'api_calls', unitPrice: '0.20', currency: 'USD' }, { key: 'gb_scanned' }],
    });
    const at = new Date(hourAgo(now, 1).getTime() + 5_000);
    await m.api('POST', '/v1/usage', {
      records: [usageRecord('r1', '888800002222', arn, 'api_calls', at, 7), usageRecord('r2', '888800002222', arn, 'gb_scanned', at, 2)],
    });
    await m.startWorker();
    const credits = async () =>
      m.sql<{ amount_minor: string; source: string; partner_id: string }>(
        `SELECT amount_minor::text, source::text, partner_id FROM partner_credit ORDER BY amount_minor`,
      );
    // The buyer's own price for api_calls (7 x $0.20), the listing's for gb_scanned (2 x $1.10).
    await eventually(
      async () =>
        expect((await credits()).map((c) => [c.amount_minor, c.source, c.partner_id])).toEqual([
          ['140', 'USAGE', partnerId],
          ['220', 'USAGE', partnerId],
        ]),
      { timeoutMs: 20_000 },
    );
    const summary = await m.api('GET', '/v1/usage/summary');
    expect(summary.status).toBe(200);
    expect(summary.body.totals.find((t: { status: string }) => t.status === 'ACCEPTED').value).toEqual({
      amountMinor: '360',
      amount: '3.60',
      currency: 'USD',
    });

    // The revenue of one hour is published again (as after a crash between enqueueing and marking): still credited once.
    await m.sql(`UPDATE usage_hour SET revenue_published_at = NULL WHERE dimension = 'api_calls'`);
    await eventually(async () => expect((await m.sql(`SELECT 1 FROM usage_hour WHERE revenue_published_at IS NULL`)).length).toBe(0));
    await eventually(async () => expect(await m.pendingRevenueBatches()).toBe(0));
    expect(await credits()).toHaveLength(2);
  });

  it('sends again the revenue of hours whose job Redis lost after they were published, and credits them once', async () => {
    const partnerId = await resellerAgreement('agmt-usage-2', '888800003333');
    const { licenseArn: arn } = await m.awsCustomer('888800003333', PRODUCT_A, {
      marketplaceAgreementId: 'agmt-usage-2',
      dimensions: [{ key: 'api_calls', unitPrice: '0.20', currency: 'USD' }],
    });
    await m.api('POST', '/v1/usage', {
      records: [usageRecord('r1', '888800003333', arn, 'api_calls', new Date(hourAgo(now, 1).getTime() + 5_000), 7)],
    });
    // The bridge takes nothing while the revenue is published; then Redis loses the job.
    const attribution = new Queue(QueueName.Attribution, {
      prefix: m.config.QUEUE_PREFIX,
      connection: redisOptionsFromUrl(m.config.REDIS_URL),
    });
    try {
      await attribution.pause();
      await m.startWorker();
      await eventually(async () => expect(await m.sql(`SELECT 1 FROM usage_hour WHERE revenue_published_at IS NOT NULL`)).toHaveLength(1), {
        timeoutMs: 20_000,
      });
      const queued = await eventually(async () => {
        const jobs = (await attribution.getJobs(['waiting'])).filter((j) => j.name === 'usage-revenue.recorded');
        expect(jobs).toHaveLength(1);
        return jobs;
      });
      for (const job of queued) await job.remove();
      await attribution.resume();
      const credits = () =>
        m.sql<{ amount_minor: string; partner_id: string }>(
          `SELECT amount_minor::text, partner_id FROM partner_credit WHERE source = 'USAGE'`,
        );
      await eventually(async () => expect(await credits()).toEqual([{ amount_minor: '140', partner_id: partnerId }]), {
        timeoutMs: 20_000,
      });
      await eventually(async () => expect(await m.sql(`SELECT 1 FROM usage_hour WHERE revenue_credited_at IS NOT NULL`)).toHaveLength(1));
      // Every revenue batch finished: the sweep's re-send, if any, was credited once.
      await eventually(async () => expect(await m.pendingRevenueBatches()).toBe(0));
      expect(await credits()).toHaveLength(1);
    } finally {
      await attribution.resume();
      await attribution.close();
    }
  });
});
