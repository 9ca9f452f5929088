import nock from 'nock';
import { testConfig } from '@bridge/testing';
import { documented } from '../../../../test/fixtures/aws/documented-message';
import { AwsMeteringClient } from './metering.client';
import { MeteringCallError, type MeterRecord } from './metering.port';

const HOST = 'https://metering.marketplace.aws.test';

interface WireUsageRecord {
  Timestamp: number;
  CustomerAWSAccountId?: string;
  LicenseArn?: string;
  CustomerIdentifier?: string;
  Dimension: string;
  Quantity: number;
}
interface BatchMeterUsage {
  request: { ProductCode?: string; UsageRecords: WireUsageRecord[] };
  response: {
    Results: { UsageRecord: WireUsageRecord; MeteringRecordId?: string; Status: string }[];
    UnprocessedRecords: WireUsageRecord[];
  };
}

const PRODUCT_CODE = 'bridgeprodcode00000000001';

/** The product's own record for one documented usage record (ref = the hour, which names it within a call). */
function meterRecordOf(record: WireUsageRecord, customer: MeterRecord['customer']): MeterRecord {
  return {
    ref: `hour-${record.Timestamp}`,
    customer,
    dimension: record.Dimension,
    hour: new Date(record.Timestamp * 1000),
    quantity: BigInt(record.Quantity),
  };
}

/**
 * BatchMeterUsage as the Metering Service API reference documents it
 * (test/fixtures/aws/metering/batch-meter-usage*.json name the page):
 * the Concurrent Agreements form (CustomerAWSAccountId + LicenseArn, no
 * ProductCode) and the existing-integration form (ProductCode +
 * CustomerIdentifier), read back into the product's outcomes.
 */
describe('BatchMeterUsage as documented, sent and read by AwsMeteringClient', () => {
  let meter: AwsMeteringClient;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    meter = new AwsMeteringClient(await testConfig({ AWS_ENDPOINT_URL: HOST }));
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    meter.onModuleDestroy();
    nock.enableNetConnect();
    // Take nock off the shared http module, so that the next suite in this worker starts clean.
    nock.restore();
  });

  const replyWith = (status: number, body: unknown, sent?: (b: unknown) => void) =>
    nock(HOST)
      .post('/', (b: unknown) => (sent?.(b), true))
      .matchHeader('x-amz-target', 'AWSMPMeteringService.BatchMeterUsage')
      .matchHeader('content-type', 'application/x-amz-json-1.1')
      .reply(status, body as nock.Body, {
        'content-type': 'application/x-amz-json-1.1',
        ...(status >= 400 ? { 'x-amzn-errortype': (body as { __type: string }).__type } : {}),
      });

  describe('licence form (CustomerAWSAccountId + LicenseArn)', () => {
    const { message } = documented<BatchMeterUsage>('metering/batch-meter-usage.json');
    const licence = {
      awsAccountId: message.request.UsageRecords[0].CustomerAWSAccountId!,
      licenseArn: message.request.UsageRecords[0].LicenseArn!,
      customerIdentifier: null,
    };
    const records = message.request.UsageRecords.map((r) => meterRecordOf(r, licence));

    it('sends exactly the documented request: per-record account and licence, no ProductCode', async () => {
      let sent: unknown;
      const scope = replyWith(200, message.response, (b) => (sent = b));
      await meter.send(PRODUCT_CODE, records);
      expect(scope.isDone()).toBe(true);
      expect(sent).toEqual(message.request);
    });

    it('sends Timestamp as epoch seconds (a JSON number), the hour as the product stored it', async () => {
      let sent: { UsageRecords: { Timestamp: unknown }[] } | undefined;
      replyWith(200, message.response, (b) => (sent = b as typeof sent));
      await meter.send(PRODUCT_CODE, records);
      expect(sent!.UsageRecords.map((r) => r.Timestamp)).toEqual(message.request.UsageRecords.map((r) => r.Timestamp));
      for (const r of sent!.UsageRecords) expect(typeof r.Timestamp).toBe('number');
    });

    it('reads every documented status: Success → ACCEPTED with the MeteringRecordId, DuplicateRecord → DUPLICATE, CustomerNotSubscribed → REJECTED, UnprocessedRecords → RETRY', async () => {
      replyWith(200, message.response);
      const outcomes = await meter.send(PRODUCT_CODE, records);
      const [success, duplicate, notSubscribed] = message.response.Results;
      const unprocessed = message.response.UnprocessedRecords[0];
      expect(outcomes).toEqual([
        { ref: `hour-${success.UsageRecord.Timestamp}`, kind: 'ACCEPTED', meteringRecordId: success.MeteringRecordId },
        expect.objectContaining({ ref: `hour-${duplicate.UsageRecord.Timestamp}`, kind: 'DUPLICATE', acceptedQuantity: null }),
        { ref: `hour-${notSubscribed.UsageRecord.Timestamp}`, kind: 'REJECTED', reason: 'CustomerNotSubscribed' },
        { ref: `hour-${unprocessed.Timestamp}`, kind: 'RETRY', reason: 'UnprocessedRecords' },
      ]);
    });
  });

  describe('existing-integration form (ProductCode + CustomerIdentifier)', () => {
    const { message } = documented<BatchMeterUsage>('metering/batch-meter-usage-legacy-customer-identifier.json');
    const [documentedRecord] = message.request.UsageRecords;

    it('sends exactly the documented request for a customer known only by the legacy identifier', async () => {
      let sent: unknown;
      replyWith(200, message.response, (b) => (sent = b));
      const outcomes = await meter.send(message.request.ProductCode!, [
        meterRecordOf(documentedRecord, { awsAccountId: null, licenseArn: null, customerIdentifier: documentedRecord.CustomerIdentifier! }),
      ]);
      expect(sent).toEqual(message.request);
      expect(outcomes).toEqual([
        { ref: `hour-${documentedRecord.Timestamp}`, kind: 'ACCEPTED', meteringRecordId: message.response.Results[0].MeteringRecordId },
      ]);
    });

    it('sends the legacy form, never account + identifier together, when the stored licence is not an arn: ARN', async () => {
      let sent: unknown;
      replyWith(200, message.response, (b) => (sent = b));
      const eventSpelling = 'aws:license-manager:us-east-1:777788889999:l-bridgetest0000000000000000000001';
      const outcomes = await meter.send(message.request.ProductCode!, [
        meterRecordOf(documentedRecord, {
          awsAccountId: '777788889999',
          licenseArn: eventSpelling,
          customerIdentifier: documentedRecord.CustomerIdentifier!,
        }),
      ]);
      expect(sent).toEqual(message.request);
      expect(outcomes[0]).toMatchObject({ kind: 'ACCEPTED' });
    });
  });

  describe('documented errors', () => {
    const { message } = documented<BatchMeterUsage>('metering/batch-meter-usage.json');
    const licence = { awsAccountId: '777788889999', licenseArn: message.request.UsageRecords[0].LicenseArn!, customerIdentifier: null };
    const records = [meterRecordOf(message.request.UsageRecords[0], licence)];

    it.each([
      ['ThrottlingException', 400, 'THROTTLED'],
      ['TimestampOutOfBoundsException', 400, 'OUT_OF_WINDOW'],
      ['InternalServiceErrorException', 500, 'RETRYABLE'],
      ['DisabledApiException', 400, 'PERMANENT'],
      ['InvalidCustomerIdentifierException', 400, 'PERMANENT'],
      ['InvalidLicenseException', 400, 'PERMANENT'],
      ['InvalidProductCodeException', 400, 'PERMANENT'],
      ['InvalidTagException', 400, 'PERMANENT'],
      ['InvalidUsageAllocationsException', 400, 'PERMANENT'],
      ['InvalidUsageDimensionException', 400, 'PERMANENT'],
    ] as const)('%s (HTTP %i) fails the whole call as %s', async (type, status, failure) => {
      replyWith(status, { __type: type, message: 'refused' });
      const error = await meter.send(PRODUCT_CODE, records).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MeteringCallError);
      expect(error).toMatchObject({ failure, code: type });
    });
  });
});
