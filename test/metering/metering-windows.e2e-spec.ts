import { eventually } from '@bridge/testing';
import { MeteringStack, PRODUCT_A, usageRecord } from './metering-stack';
import { entraToken } from '../sandbox/entra-token.client';

jest.setTimeout(120_000);

/** The marketplace's time rules: month-end flush before 06:00 UTC on the 1st, age-out alerts, Azure duplicates. */
describe('metering windows and duplicates', () => {
  const m = new MeteringStack();

  beforeAll(() => m.start({ METERING_WINDOW_HOURS: '24' }));
  afterAll(() => m.stop());
  afterEach(() => m.stopWorker());

  const hourStatus = async () =>
    Object.fromEntries(
      (await m.sql<{ hour: Date; status: string; reason: string | null }>(`SELECT hour, status::text, reason FROM usage_hour`)).map((r) => [
        `${r.hour.toISOString()}`,
        r,
      ]),
    );

  it("sends last month's usage before 06:00 UTC on the 1st, warns before it ages out, and flags what missed it", async () => {
    await m.reset(new Date('2026-05-01T05:20:00Z'));
    await m.sandbox('POST', '/_sandbox/aws/metering/config', { windowHours: 24 });
    await m.listing(PRODUCT_A, { api_calls: '0.50' });
    const a = await m.awsCustomer('100000000001', PRODUCT_A);
    const b = await m.awsCustomer('100000000002', PRODUCT_A);
    const posted = await m.api('POST', '/v1/usage', {
      records: [
        usageRecord('m1', '100000000001', a.licenseArn, 'api_calls', new Date('2026-04-30T23:10:00Z'), 4),
        usageRecord('m2', '100000000001', a.licenseArn, 'api_calls', new Date('2026-05-01T01:10:00Z'), 6),
        usageRecord('m3', '100000000002', b.licenseArn, 'api_calls', new Date('2026-04-30T21:10:00Z'), 8),
      ],
    });
    expect(posted.body.accepted).toBe(3);

    // 40 minutes before the month closes, last month's unsent hours are about to age out.
    const alerts = await m.api('GET', '/v1/usage/alerts');
    const aboutToAgeOut = alerts.body.alerts.filter((x: { kind: string }) => x.kind === 'ABOUT_TO_AGE_OUT');
    expect(
      aboutToAgeOut.map((x: { hour: string; deadline: string; value: { amount: string } }) => [x.hour, x.deadline, x.value.amount]).sort(),
    ).toEqual([
      ['2026-04-30T21:00:00.000Z', '2026-05-01T06:00:00.000Z', '4.00'],
      ['2026-04-30T23:00:00.000Z', '2026-05-01T06:00:00.000Z', '2.00'],
    ]);

    // Customer b's usage is held back (its subscription is not known to the sandbox yet) so that it misses the close.
    await m.sql(`UPDATE usage_hour SET status = 'ACCEPTED', settled_at = now(), revenue_published_at = now() WHERE subscription_id = $1`, [
      b.subscriptionId,
    ]);
    await m.startWorker();
    await eventually(
      async () =>
        expect((await m.ledger()).map((e) => [e.hour, e.quantity]).sort()).toEqual([
          ['2026-04-30T23:00:00.000Z', 4],
          ['2026-05-01T01:00:00.000Z', 6],
        ]),
      {
        timeoutMs: 20_000,
      },
    );
    await m.stopWorker();

    // After 06:00 on the 1st: April usage is refused at the door, and an April hour still open is flagged, never sent.
    await m.sql(`UPDATE usage_hour SET status = 'PENDING', settled_at = NULL, revenue_published_at = NULL WHERE subscription_id = $1`, [
      b.subscriptionId,
    ]);
    await m.setClock(new Date('2026-05-01T06:00:30Z'));
    const late = await m.api('POST', '/v1/usage', {
      records: [usageRecord('m4', '100000000001', a.licenseArn, 'api_calls', new Date('2026-04-30T23:50:00Z'), 1)],
    });
    expect(late.body.problems[0].reason).toMatch(/^PREVIOUS_MONTH_CLOSED/);
    await m.startWorker();
    await eventually(async () =>
      expect((await hourStatus())['2026-04-30T21:00:00.000Z']).toMatchObject({
        status: 'REJECTED',
        reason: expect.stringMatching(/^EXPIRED/),
      }),
    );
    expect(await m.ledger()).toHaveLength(2);
    expect(await m.meteringCalls()).toEqual({ Success: 1 });
  });

  it('treats an Azure Duplicate with the same quantity as delivered and with another as a conflict', async () => {
    await m.reset(new Date());
    const token = String((await entraToken(m.stack.sandboxUrl, m.stack.config.SANDBOX_ENTRA_PORT)).body.access_token);
    const azure = (path: string, body: unknown) =>
      fetch(`${m.stack.sandboxUrl}${path}?api-version=2018-08-31`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    await m.sandbox('POST', '/_sandbox/azure/offers', { offerId: 'az-offer', plans: [{ planId: 'gold', dimensions: ['events'] }] });
    const { body: bought } = await m.sandbox('POST', '/_sandbox/azure/subscriptions', { offerId: 'az-offer', planId: 'gold' });
    const resourceId = bought.subscription.id as string;
    expect((await azure(`/api/saas/subscriptions/${resourceId}/activate`, { planId: 'gold' })).status).toBe(200);
    expect(
      (
        await m.api('POST', '/v1/usage/subscriptions', {
          cloud: 'AZURE',
          azureResourceId: resourceId,
          azurePlanId: 'gold',
          productCode: 'az-offer',
          dimensions: [{ key: 'events', unitPrice: '0.01', currency: 'USD' }],
        })
      ).status,
    ).toBe(201);
    const hour = (n: number) => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - n * 3_600_000);
    await m.api('POST', '/v1/usage', {
      records: [1, 2, 3].map((n) => ({
        idempotencyKey: `az-${n}`,
        azureResourceId: resourceId,
        dimension: 'events',
        quantity: 10 * n,
        timestamp: new Date(hour(n).getTime() + 60_000).toISOString(),
      })),
    });
    // Hour 1 reached Azure before (the answer was lost); hour 2 holds someone else's quantity (a single event: 409 on a second try).
    const event = (n: number, quantity: number) => ({
      resourceId,
      planId: 'gold',
      dimension: 'events',
      quantity,
      effectiveStartTime: hour(n).toISOString(),
    });
    expect((await azure('/api/usageEvent', event(1, 10))).status).toBe(200);
    expect((await azure('/api/usageEvent', event(2, 999))).status).toBe(200);
    expect((await azure('/api/usageEvent', event(2, 999))).status).toBe(409);
    await m.startWorker();
    await eventually(
      async () => {
        const byHour = await hourStatus();
        expect(byHour[hour(1).toISOString()]).toMatchObject({ status: 'ACCEPTED', reason: expect.stringMatching(/^delivered earlier/) });
        expect(byHour[hour(2).toISOString()]).toMatchObject({
          status: 'REJECTED',
          reason: expect.stringMatching(/^DUPLICATE_CONFLICT: the marketplace holds 999, we froze 20/),
        });
        expect(byHour[hour(3).toISOString()]).toMatchObject({ status: 'ACCEPTED', reason: null });
      },
      { timeoutMs: 20_000 },
    );
    const ledger = await m.ledger('azure');
    expect(ledger.map((e) => [e.quantity, e.timesRecorded]).sort()).toEqual([
      [10, 1],
      [30, 1],
      [999, 1],
    ]);
    const alerts = await m.api('GET', '/v1/usage/alerts');
    expect(alerts.body.alerts.map((x: { kind: string }) => x.kind)).toContain('DUPLICATE_CONFLICT');
  });
});
