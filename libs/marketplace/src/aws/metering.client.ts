import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { BatchMeterUsageCommand, MarketplaceMeteringClient, type UsageRecord } from '@aws-sdk/client-marketplace-metering';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { isMeterableLicenceArn } from '@bridge/domain';
import { awsClientOptions } from './aws-client.options';
import { MeteringCallError, type MarketplaceMeter, type MeterOutcome, type MeterRecord } from './metering.port';

const PERMANENT = new Set([
  'InvalidProductCodeException',
  'InvalidUsageDimensionException',
  'InvalidCustomerIdentifierException',
  'InvalidTagException',
  'InvalidUsageAllocationsException',
  'InvalidLicenseException',
  'DisabledApiException',
  'ValidationException',
]);

/**
 * AWS Marketplace Metering through the real SDK (BatchMeterUsage). The SDK's
 * own retries are off: the metering worker paces calls under the quota and
 * retries throttling and unprocessed records itself, so it knows exactly
 * what was sent and how often.
 */
@Injectable()
export class AwsMeteringClient implements MarketplaceMeter, OnModuleDestroy {
  private readonly client: MarketplaceMeteringClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = new MarketplaceMeteringClient({ ...awsClientOptions(config), maxAttempts: 1 });
  }

  async send(productCode: string, records: MeterRecord[]): Promise<MeterOutcome[]> {
    const byKey = new Map(records.map((r) => [recordKey(toUsageRecord(r)), r.ref]));
    let out;
    try {
      out = await this.client.send(new BatchMeterUsageCommand({ ProductCode: productCode, UsageRecords: records.map(toUsageRecord) }));
    } catch (error) {
      throw callError(error);
    }
    const outcomes = new Map<string, MeterOutcome>();
    for (const result of out.Results ?? []) {
      const ref = result.UsageRecord ? byKey.get(recordKey(result.UsageRecord)) : undefined;
      if (!ref) continue;
      if (result.Status === 'Success') outcomes.set(ref, { ref, kind: 'ACCEPTED', meteringRecordId: result.MeteringRecordId ?? null });
      else if (result.Status === 'DuplicateRecord')
        outcomes.set(ref, { ref, kind: 'DUPLICATE', acceptedQuantity: null, detail: 'DuplicateRecord: the hour is already metered with another quantity' });
      else outcomes.set(ref, { ref, kind: 'REJECTED', reason: result.Status ?? 'UnknownStatus' });
    }
    for (const unprocessed of out.UnprocessedRecords ?? []) {
      const ref = byKey.get(recordKey(unprocessed));
      if (ref) outcomes.set(ref, { ref, kind: 'RETRY', reason: 'UnprocessedRecords' });
    }
    return records.map((r) => outcomes.get(r.ref) ?? { ref: r.ref, kind: 'RETRY', reason: 'missing from the answer' });
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }
}

function toUsageRecord(record: MeterRecord): UsageRecord {
  const { awsAccountId, licenseArn, customerIdentifier } = record.customer;
  // A licence known only from the licence events' spelling is not an ARN the API takes: the legacy identifier is sent instead.
  const customer =
    awsAccountId && licenseArn && isMeterableLicenceArn(licenseArn)
      ? { CustomerAWSAccountId: awsAccountId, LicenseArn: licenseArn }
      : { CustomerIdentifier: customerIdentifier ?? undefined };
  return { Timestamp: record.hour, Dimension: record.dimension, Quantity: Number(record.quantity), ...customer };
}

/** Within one call a customer, dimension and hour appears once, so it names the record in the answer. */
function recordKey(r: UsageRecord): string {
  const customer = r.CustomerAWSAccountId ? `${r.CustomerAWSAccountId}|${r.LicenseArn ?? ''}` : (r.CustomerIdentifier ?? '');
  return `${customer}|${r.Dimension}|${r.Timestamp ? new Date(r.Timestamp).getTime() : ''}`;
}

function callError(error: unknown): MeteringCallError {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const code = e.name ?? 'Error';
  const message = e.message ?? String(error);
  if (code === 'ThrottlingException') return new MeteringCallError('THROTTLED', code, message);
  if (code === 'TimestampOutOfBoundsException') return new MeteringCallError('OUT_OF_WINDOW', code, message);
  if (PERMANENT.has(code)) return new MeteringCallError('PERMANENT', code, message);
  return new MeteringCallError('RETRYABLE', code, message);
}
