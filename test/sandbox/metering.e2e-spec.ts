import {
  BatchMeterUsageCommand,
  MarketplaceMeteringClient,
  ResolveCustomerCommand,
  type UsageRecord,
} from '@aws-sdk/client-marketplace-metering';
import { documented, expectSameShape } from './documented-shape';
import { awsClientConfig, BUYER, rejectionOf, SELLER, startSandbox, type Json, type Sandbox } from './sandbox-harness';

const PRODUCT = 'code123';
const NOW = '2026-04-15T10:30:00Z';

describe('sandbox: AWS Marketplace Metering (BatchMeterUsage, ResolveCustomer)', () => {
  let sandbox: Sandbox;
  let client: MarketplaceMeteringClient;
  let licenseArn: string;
  let agreementId: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    client = new MarketplaceMeteringClient(awsClientConfig(sandbox.url));
  });
  afterAll(async () => {
    client.destroy();
    await sandbox.stop();
  });
  beforeEach(async () => {
    await sandbox.control('POST', '/_sandbox/reset');
    await sandbox.control('POST', '/_sandbox/events/config', { enabled: false });
    await sandbox.control('POST', '/_sandbox/clock', { now: NOW });
    await sandbox.control('POST', '/_sandbox/aws/products', {
      productId: 'prod-abc123',
      productCode: PRODUCT,
      title: 'Bridge Analytics',
      sellerAccountId: SELLER,
      dimensions: [
        { key: 'gb_scanned', price: '0.10' },
        { key: 'api_calls', price: '0.001' },
      ],
    });
    const { body } = await sandbox.control('POST', '/_sandbox/aws/agreements', {
      offerId: 'offer-1',
      acceptorAccountId: BUYER,
      proposerAccountId: SELLER,
      productId: 'prod-abc123',
      agreementValue: '0.00',
      currency: 'USD',
    });
    licenseArn = body.licenseArn;
    agreementId = body.agreementId;
  });

  /** The ResolveCustomer response as it travels (awsJson 1.1). */
  const resolveOnTheWire = async (registrationToken: string): Promise<Json> => {
    const response = await fetch(sandbox.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSMPMeteringService.ResolveCustomer' },
      body: JSON.stringify({ RegistrationToken: registrationToken }),
    });
    expect(response.status).toBe(200);
    return response.json();
  };

  const record = (overrides: Partial<UsageRecord> = {}): UsageRecord => ({
    Timestamp: new Date('2026-04-15T09:00:00Z'),
    CustomerAWSAccountId: BUYER,
    LicenseArn: licenseArn,
    Dimension: 'gb_scanned',
    Quantity: 5,
    ...overrides,
  });
  // As documented: licensed records (account id + licence ARN) go without ProductCode, legacy ones with it.
  const meter = (
    records: UsageRecord[],
    productCode: string | undefined = records.some((r) => r.LicenseArn) ? undefined : PRODUCT,
    c = client,
  ) => c.send(new BatchMeterUsageCommand({ ProductCode: productCode, UsageRecords: records }));
  const ledger = async () => (await sandbox.control('GET', '/_sandbox/ledger?cloud=aws')).body.entries;

  it('records usage once and answers Success with a MeteringRecordId', async () => {
    const out = await meter([record()]);
    expect(out.Results).toHaveLength(1);
    expect(out.Results![0].Status).toBe('Success');
    expect(out.Results![0].MeteringRecordId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.Results![0].UsageRecord?.Timestamp).toEqual(new Date('2026-04-15T09:00:00Z'));
    expect(out.UnprocessedRecords).toEqual([]);
    const entries = await ledger();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      dimension: 'gb_scanned',
      hour: '2026-04-15T09:00:00.000Z',
      quantity: 5,
      timesRecorded: 1,
      customer: { customerAWSAccountId: BUYER, licenseArn },
    });
  });

  it('accepts 25 records and refuses 0 or 26 with a ValidationException', async () => {
    const many = Array.from({ length: 26 }, (_, i) =>
      record({ Timestamp: new Date(Date.parse('2026-04-15T05:00:00Z') + i * 60_000 * 10), Dimension: 'api_calls' }),
    );
    const tooMany = await rejectionOf(meter(many));
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.$metadata.httpStatusCode).toBe(400);
    const none = await rejectionOf(meter([]));
    expect(none.name).toBe('ValidationException');
    const ok = await meter(many.slice(0, 25));
    expect(ok.Results).toHaveLength(25);
  });

  it('answers an identical resend with Success and the same id without recording it twice', async () => {
    const first = await meter([record()]);
    const again = await meter([record({ Timestamp: new Date('2026-04-15T09:45:00Z') })]);
    expect(again.Results![0].Status).toBe('Success');
    expect(again.Results![0].MeteringRecordId).toBe(first.Results![0].MeteringRecordId);
    const entries = await ledger();
    expect(entries).toHaveLength(1);
    expect(entries[0].timesRecorded).toBe(1);
    expect(entries[0].identicalResends).toBe(1);
  });

  it('answers a different quantity for the same customer, dimension and hour with DuplicateRecord', async () => {
    await meter([record()]);
    const dup = await meter([record({ Quantity: 6 })]);
    expect(dup.Results![0].Status).toBe('DuplicateRecord');
    const entries = await ledger();
    expect(entries).toHaveLength(1);
    expect(entries[0].quantity).toBe(5);
    expect(entries[0].conflictingResends).toBe(1);
  });

  it('treats the legacy CustomerIdentifier as an alias of account and licence', async () => {
    const token = await sandbox.control('POST', '/_sandbox/aws/registration-tokens', { licenseArn });
    const resolved = await client.send(new ResolveCustomerCommand({ RegistrationToken: token.body.token }));
    expect(resolved).toMatchObject({ CustomerAWSAccountId: BUYER, LicenseArn: licenseArn, ProductCode: PRODUCT });
    await meter([record()]);
    const legacy = await meter([
      {
        Timestamp: new Date('2026-04-15T09:10:00Z'),
        CustomerIdentifier: resolved.CustomerIdentifier,
        Dimension: 'gb_scanned',
        Quantity: 7,
      },
    ]);
    expect(legacy.Results![0].Status).toBe('DuplicateRecord');
  });

  it('answers CustomerNotSubscribed for an unknown licence or account, per record', async () => {
    const out = await meter([
      record(),
      record({ LicenseArn: 'arn:aws:license-manager::294406891311:license:l-0000' }),
      record({ CustomerAWSAccountId: '999988887777' }),
    ]);
    expect(out.Results!.map((r) => r.Status)).toEqual(['Success', 'CustomerNotSubscribed', 'CustomerNotSubscribed']);
    expect(out.Results![1].MeteringRecordId).toBeUndefined();
  });

  it('subscribes customers through the control API too', async () => {
    const customer = await sandbox.control('POST', '/_sandbox/aws/customers', {
      customerAWSAccountId: '222233334444',
      productCode: PRODUCT,
    });
    const out = await meter([record({ CustomerAWSAccountId: '222233334444', LicenseArn: customer.body.licenseArn })]);
    expect(out.Results![0].Status).toBe('Success');
  });

  it('after cancellation accepts earlier usage for an hour, then refuses it', async () => {
    const { body } = await sandbox.control('POST', '/_sandbox/aws/agreements', {
      offerId: 'offer-2',
      acceptorAccountId: '555566667777',
      proposerAccountId: SELLER,
      productId: 'prod-abc123',
      agreementValue: '1.00',
      currency: 'USD',
    });
    await sandbox.control('POST', `/_sandbox/aws/agreements/${body.agreementId}/cancel`);
    const r = record({ CustomerAWSAccountId: '555566667777', LicenseArn: body.licenseArn, Timestamp: new Date('2026-04-15T10:00:00Z') });
    expect((await meter([r])).Results![0].Status).toBe('Success');
    await sandbox.control('POST', '/_sandbox/clock', { advanceSeconds: 3600 });
    expect((await meter([{ ...r, Dimension: 'api_calls' }])).Results![0].Status).toBe('CustomerNotSubscribed');
  });

  it('keeps the MeteringRecordId stable per customer, dimension and hour', async () => {
    const a = await meter([record({ Timestamp: new Date('2026-04-15T08:05:00Z') })]);
    await sandbox.control('POST', '/_sandbox/reset');
    await sandbox.control('POST', '/_sandbox/clock', { now: NOW });
    await sandbox.control('POST', '/_sandbox/aws/customers', { customerAWSAccountId: BUYER, productCode: PRODUCT, licenseArn });
    const b = await meter([record({ Timestamp: new Date('2026-04-15T08:55:00Z') })]);
    expect(b.Results![0].MeteringRecordId).toBe(a.Results![0].MeteringRecordId);
  });

  it('fails the whole call with TimestampOutOfBoundsException when one record is outside the 6-hour window', async () => {
    const stale = record({ Timestamp: new Date('2026-04-15T04:30:00Z'), Dimension: 'api_calls' });
    const error = await rejectionOf(meter([record(), stale]));
    expect(error.name).toBe('TimestampOutOfBoundsException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(await ledger()).toHaveLength(0);
    const future = await rejectionOf(meter([record({ Timestamp: new Date('2026-04-15T11:30:00Z') })]));
    expect(future.name).toBe('TimestampOutOfBoundsException');
    const justInside = await meter([record({ Timestamp: new Date('2026-04-15T04:30:01Z') })]);
    expect(justInside.Results![0].Status).toBe('Success');
  });

  it('uses the configured window and refuses last month after 06:00 UTC on the 1st', async () => {
    await sandbox.control('POST', '/_sandbox/aws/metering/config', { windowHours: 24 });
    const lastDay = record({ Timestamp: new Date('2026-04-30T23:00:00Z') });
    await sandbox.control('POST', '/_sandbox/clock', { now: '2026-05-01T05:59:00Z' });
    await sandbox.control('POST', '/_sandbox/aws/customers', { customerAWSAccountId: BUYER, productCode: PRODUCT, licenseArn });
    expect((await meter([lastDay])).Results![0].Status).toBe('Success');
    await sandbox.control('POST', '/_sandbox/clock', { now: '2026-05-01T06:00:00Z' });
    const closed = await rejectionOf(meter([{ ...lastDay, Dimension: 'api_calls' }]));
    expect(closed.name).toBe('TimestampOutOfBoundsException');
    // The new month's own usage is unaffected, and 20 hours back is within the 24-hour window.
    await sandbox.control('POST', '/_sandbox/clock', { now: '2026-05-01T20:00:00Z' });
    expect((await meter([record({ Timestamp: new Date('2026-05-01T00:30:00Z') })])).Results![0].Status).toBe('Success');
  });

  it('refuses an unknown product code, an undefined dimension and bad allocations', async () => {
    const legacy = { Timestamp: new Date('2026-04-15T09:00:00Z'), CustomerIdentifier: 'X01EXAMPLEX', Dimension: 'gb_scanned', Quantity: 1 };
    expect((await rejectionOf(meter([legacy], 'nope'))).name).toBe('InvalidProductCodeException');
    // The licence names the product: AWS documents that ProductCode must not come with a LicenseArn.
    expect((await rejectionOf(meter([record()], PRODUCT))).name).toBe('ValidationException');
    expect((await rejectionOf(meter([record({ Dimension: 'seats' })]))).name).toBe('InvalidUsageDimensionException');
    const bad = record({ Quantity: 5, UsageAllocations: [{ AllocatedUsageQuantity: 2, Tags: [{ Key: 'team', Value: 'a' }] }] });
    expect((await rejectionOf(meter([bad]))).name).toBe('InvalidUsageAllocationsException');
    const good = record({ Quantity: 5, UsageAllocations: [{ AllocatedUsageQuantity: 2 }, { AllocatedUsageQuantity: 3 }] });
    expect((await meter([good])).Results![0].Status).toBe('Success');
  });

  it('takes the product from the licences when ProductCode is omitted', async () => {
    const out = await meter([record()], undefined);
    expect(out.Results![0].Status).toBe('Success');
    expect((await ledger())[0].product).toBe(PRODUCT);
  });

  it('throttles beyond 10 calls a second per seller with ThrottlingException (400)', async () => {
    const records = Array.from({ length: 15 }, (_, i) => [
      record({ Timestamp: new Date(Date.parse('2026-04-15T05:00:00Z') + i * 60_000) }),
    ]);
    const results = await Promise.all(
      records.map((r) =>
        meter(r).then(
          () => 'ok',
          (e) => e,
        ),
      ),
    );
    const throttled = results.filter((r) => r !== 'ok');
    expect(results.filter((r) => r === 'ok')).toHaveLength(10);
    expect(throttled).toHaveLength(5);
    expect(throttled[0].name).toBe('ThrottlingException');
    expect(throttled[0].$metadata.httpStatusCode).toBe(400);
    // Another seller has its own quota.
    const other = new MarketplaceMeteringClient(awsClientConfig(sandbox.url, { accessKeyId: 'other-seller' }));
    expect((await meter([record({ Dimension: 'api_calls' })], undefined, other)).Results![0].Status).toBe('Success');
    other.destroy();
    const stats = await sandbox.control('GET', '/_sandbox/stats');
    expect(stats.body.calls.BatchMeterUsage.ThrottlingException).toBe(5);
  });

  it('hands back part of a batch as UnprocessedRecords under an "unprocessed" fault, unrecorded', async () => {
    await sandbox.control('POST', '/_sandbox/faults', { operation: 'BatchMeterUsage', kind: 'unprocessed', count: 1 });
    const four = ['2026-04-15T06:00:00Z', '2026-04-15T07:00:00Z', '2026-04-15T08:00:00Z', '2026-04-15T09:00:00Z'].map((t) =>
      record({ Timestamp: new Date(t) }),
    );
    const out = await meter(four);
    expect(out.Results).toHaveLength(2);
    expect(out.UnprocessedRecords).toHaveLength(2);
    expect(await ledger()).toHaveLength(2);
    const retry = await meter(out.UnprocessedRecords!);
    expect(retry.Results!.map((r) => r.Status)).toEqual(['Success', 'Success']);
    expect(await ledger()).toHaveLength(4);
  });

  it('ResolveCustomer turns the token issued with a purchase into the documented four fields', async () => {
    const { body: token } = await sandbox.control('GET', `/_sandbox/aws/agreements/${agreementId}/registration-token`);
    // What the buyer's browser posts: one form field, URL-encoded, so a real token's + / = survive.
    expect(token.formBody).toBe(`x-amzn-marketplace-token=${encodeURIComponent(token.token)}`);
    expect(new URLSearchParams(token.formBody).get('x-amzn-marketplace-token')).toBe(token.token);
    const fixture = documented('metering/resolve-customer.json');
    expectSameShape(await resolveOnTheWire(token.token), fixture.message.response, {
      ignoreValuesAt: ['CustomerIdentifier'],
      replace: { '777788889999': BUYER, [fixture.message.response.LicenseArn]: licenseArn, bridgeprodcode00000000001: PRODUCT },
    });
    // Valid for four hours, the same answer each time.
    await sandbox.control('POST', '/_sandbox/clock', { advanceSeconds: 4 * 3600 - 1 });
    const again = await client.send(new ResolveCustomerCommand({ RegistrationToken: token.token }));
    expect(again).toMatchObject({ CustomerAWSAccountId: BUYER, LicenseArn: licenseArn, ProductCode: PRODUCT });
  });

  it('ResolveCustomer leaves CustomerIdentifier out for a new SaaS integration, as documented', async () => {
    await sandbox.control('POST', '/_sandbox/aws/metering/config', { resolveCustomerIdentifier: false });
    const { body: token } = await sandbox.control('GET', `/_sandbox/aws/agreements/${agreementId}/registration-token`);
    const fixture = documented('metering/resolve-customer-new-integration.json');
    expectSameShape(await resolveOnTheWire(token.token), fixture.message.response, {
      replace: { '777788889999': BUYER, [fixture.message.response.LicenseArn]: licenseArn, bridgeprodcode00000000001: PRODUCT },
    });
  });

  it('ResolveCustomer refuses a forged token with InvalidTokenException and its documented message', async () => {
    const { body: real } = await sandbox.control('GET', `/_sandbox/aws/agreements/${agreementId}/registration-token`);
    for (const forged of ['bogus', `${real.token.slice(0, -4)}AAA=`]) {
      const error = await rejectionOf(client.send(new ResolveCustomerCommand({ RegistrationToken: forged })));
      expect(error.name).toBe('InvalidTokenException');
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.message).toBe('Registration token is invalid.');
    }
  });

  it('ResolveCustomer refuses a token past its four hours with ExpiredTokenException, and a test can get one directly', async () => {
    const { body: purchase } = await sandbox.control('GET', `/_sandbox/aws/agreements/${agreementId}/registration-token`);
    await sandbox.control('POST', '/_sandbox/clock', { advanceSeconds: 4 * 3600 });
    const aged = await rejectionOf(client.send(new ResolveCustomerCommand({ RegistrationToken: purchase.token })));
    expect(aged.name).toBe('ExpiredTokenException');
    expect(aged.$metadata.httpStatusCode).toBe(400);
    expect(aged.message).toBe('The submitted registration token has expired.');

    const { status, body: expired } = await sandbox.control('POST', '/_sandbox/aws/registration-tokens', { agreementId, expired: true });
    expect(status).toBe(201);
    expect((await rejectionOf(client.send(new ResolveCustomerCommand({ RegistrationToken: expired.token })))).name).toBe(
      'ExpiredTokenException',
    );
    const { body: fresh } = await sandbox.control('POST', '/_sandbox/aws/registration-tokens', { agreementId });
    expect((await client.send(new ResolveCustomerCommand({ RegistrationToken: fresh.token }))).LicenseArn).toBe(licenseArn);
  });

  it('the registration token control API refuses unknown agreements and licences', async () => {
    expect((await sandbox.control('GET', '/_sandbox/aws/agreements/agmt-nope/registration-token')).status).toBe(404);
    expect((await sandbox.control('POST', '/_sandbox/aws/registration-tokens', { agreementId: 'agmt-nope' })).status).toBe(400);
  });
});
