import { eventually } from '@bridge/testing';
import { hourAgo, MeteringStack, PRODUCT_A, PRODUCT_B, usageRecord } from './metering-stack';

const BUYER = '444455556666';
jest.setTimeout(60_000);

interface IngestAnswer {
  received: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  statuses: string[];
  problems: { index: number; idempotencyKey: string | null; status: string; reason: string }[];
}

describe('POST /v1/usage: per-record answers, every key counted once', () => {
  const m = new MeteringStack();
  let licenseArn: string;
  let now: Date;

  beforeAll(() => m.start());
  afterAll(() => m.stop());
  beforeEach(async () => {
    now = new Date();
    await m.reset(now);
    await m.listing(PRODUCT_A, { api_calls: '0.001', gb_scanned: '0.10' });
    ({ licenseArn } = await m.awsCustomer(BUYER, PRODUCT_A));
  });

  const post = (records: unknown[]) => m.api<IngestAnswer>('POST', '/v1/usage', { records });
  const rec = (key: string, quantity = 5, at = hourAgo(now, 1), dimension = 'api_calls') =>
    usageRecord(key, BUYER, licenseArn, dimension, at, quantity);
  const hours = async () =>
    (
      await m.api<{
        hours: { dimension: string; hour: string; quantity: string; records: number; status: string; value: { amount: string } | null }[];
      }>('GET', '/v1/usage/hours')
    ).body.hours;

  it('answers each record, counts a key repeated within a request once, and sums the hour', async () => {
    const answer = await post([rec('k1', 5), rec('k2', 7), rec('k1', 5), rec('k3', 1, hourAgo(now, 1), 'gb_scanned')]);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ received: 4, accepted: 3, duplicates: 1, rejected: 0 });
    expect(answer.body.statuses).toEqual(['ACCEPTED', 'ACCEPTED', 'DUPLICATE', 'ACCEPTED']);
    expect(answer.body.problems).toEqual([
      { index: 2, idempotencyKey: 'k1', status: 'DUPLICATE', reason: 'repeats record 0 of this request' },
    ]);
    const byDimension = Object.fromEntries((await hours()).map((h) => [h.dimension, h]));
    expect(byDimension.api_calls).toMatchObject({ quantity: '12', records: 2, status: 'PENDING', hour: hourAgo(now, 1).toISOString() });
    // 12 x $0.001 = $0.012, half-even to $0.01; 1 x $0.10
    expect(byDimension.api_calls.value?.amount).toBe('0.01');
    expect(byDimension.gb_scanned.value?.amount).toBe('0.10');
  });

  it('answers a key from an earlier request as a repeat and never counts it twice, even sent concurrently', async () => {
    const batch = Array.from({ length: 2000 }, (_, i) => rec(`c-${i}`, 1));
    const answers = await Promise.all([post(batch), post(batch), post(batch)]);
    expect(answers.map((a) => a.body.accepted).reduce((a, b) => a + b)).toBe(2000);
    expect(answers.map((a) => a.body.duplicates).reduce((a, b) => a + b)).toBe(4000);
    const again = await post([rec('c-7', 1), rec('c-8', 99)]);
    expect(again.body.statuses).toEqual(['DUPLICATE', 'REJECTED']);
    expect(again.body.problems[1].reason).toMatch(/IDEMPOTENCY_KEY_REUSED/);
    expect((await hours())[0]).toMatchObject({ quantity: '2000', records: 2000 });
    const [{ count }] = await m.sql<{ count: string }>('SELECT count(*)::text AS count FROM usage_record');
    expect(count).toBe('2000');
  });

  it('refuses bad, unknown, future and too-old records one by one, keeping the good ones', async () => {
    const answer = await post([
      rec('ok', 3),
      { ...rec('bad-qty'), quantity: -1 },
      { idempotencyKey: 'no-customer', dimension: 'api_calls', quantity: 1, timestamp: now.toISOString() },
      usageRecord('stranger', '999988887777', licenseArn, 'api_calls', hourAgo(now, 1), 1),
      rec('future', 1, new Date(hourAgo(now, -2).getTime() + 60_000)),
      rec('old', 1, new Date(now.getTime() - 7 * 3_600_000)),
      rec('dim', 1, hourAgo(now, 1), 'seats'),
      'not an object',
    ]);
    expect(answer.status).toBe(200);
    const reasons = answer.body.statuses.map((status, i) =>
      `${status} ${answer.body.problems.find((p) => p.index === i)?.reason ?? ''}`.trim(),
    );
    expect(reasons[0]).toBe('ACCEPTED');
    expect(reasons[1]).toMatch(/^REJECTED INVALID: quantity/);
    expect(reasons[2]).toMatch(/^REJECTED INVALID: customer/);
    expect(reasons[3]).toMatch(/^REJECTED UNKNOWN_CUSTOMER/);
    expect(reasons[4]).toMatch(/^REJECTED IN_THE_FUTURE/);
    expect(reasons[5]).toMatch(/^REJECTED TOO_OLD/);
    expect(reasons[6]).toMatch(/^REJECTED UNKNOWN_DIMENSION/);
    expect(reasons[7]).toMatch(/^REJECTED INVALID/);
    expect(answer.body).toMatchObject({ accepted: 1, rejected: 7 });
  });

  it('refuses an envelope over 10,000 records as a whole, naming the field', async () => {
    const answer = await post(Array.from({ length: 10_001 }, (_, i) => rec(`x-${i}`)));
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toMatch(/records/);
  });

  it('bills every hour once: at most 25 records a call, one product a call', async () => {
    await m.listing(PRODUCT_B, { api_calls: '0.002' });
    const customers: { account: string; arn: string }[] = [];
    for (let i = 0; i < 30; i++) {
      const account = String(500000000000 + i);
      customers.push({ account, arn: (await m.awsCustomer(account, i < 27 ? PRODUCT_A : PRODUCT_B)).licenseArn });
    }
    const records = customers.flatMap((c, i) => [
      usageRecord(`a-${i}`, c.account, c.arn, 'api_calls', new Date(hourAgo(now, 2).getTime() + 60_000), i + 1),
      usageRecord(`b-${i}`, c.account, c.arn, 'api_calls', new Date(hourAgo(now, 2).getTime() + 120_000), 10),
    ]);
    expect((await post(records)).body.accepted).toBe(60);
    await m.startWorker();
    try {
      const ledger = await eventually(
        async () => {
          const entries = await m.ledger();
          expect(entries).toHaveLength(30);
          return entries;
        },
        { timeoutMs: 20_000 },
      );
      for (const [i, c] of customers.entries()) {
        const entry = ledger.find((e) => e.customer.customerAWSAccountId === c.account)!;
        expect(entry).toMatchObject({ quantity: i + 11, timesRecorded: 1, conflictingResends: 0, hour: hourAgo(now, 2).toISOString() });
        expect(entry.product).toBe(i < 27 ? PRODUCT_A : PRODUCT_B);
      }
      // 27 hours of product A need 2 calls (25 + 2), product B's 3 hours 1 call.
      expect(await m.meteringCalls()).toEqual({ Success: 3 });
      await eventually(async () => expect((await hours()).filter((h) => h.status === 'ACCEPTED')).toHaveLength(30));
    } finally {
      await m.stopWorker();
    }
  });
});
