import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  BatchMeterUsageCommand,
  MarketplaceMeteringClient,
  type BatchMeterUsageCommandInput,
  type BatchMeterUsageCommandOutput,
  type UsageRecord,
} from '@aws-sdk/client-marketplace-metering';
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

  /**
   * BatchMeterUsage documents two request forms: records keyed by account id
   * and licence ARN, sent WITHOUT ProductCode (the licence names the product;
   * sending both may bill twice), and legacy records keyed by
   * CustomerIdentifier, sent with ProductCode. A batch holding both (a
   * product moving off the legacy identifier) goes as one call of each.
   */
  async send(productCode: string, records: MeterRecord[]): Promise<MeterOutcome[]> {
    const usage = records.map((record) => ({ record, usage: toUsageRecord(record) }));
    const licensed = usage.filter((u) => u.usage.LicenseArn !== undefined);
    const legacy = usage.filter((u) => u.usage.LicenseArn === undefined);
    const outcomes = new Map<string, MeterOutcome>();
    if (licensed.length) this.read(await this.call({ UsageRecords: licensed.map((u) => u.usage) }), licensed, outcomes);
    if (legacy.length) this.read(await this.call({ ProductCode: productCode, UsageRecords: legacy.map((u) => u.usage) }), legacy, outcomes);
    return records.map((r) => outcomes.get(r.ref) ?? { ref: r.ref, kind: 'RETRY', reason: 'missing from the answer' });
  }

  private async call(input: BatchMeterUsageCommandInput): Promise<BatchMeterUsageCommandOutput> {
    try {
      return await this.client.send(new BatchMeterUsageCommand(input));
    } catch (error) {
      throw callError(error);
    }
  }

  private read(
    out: BatchMeterUsageCommandOutput,
    sent: { record: MeterRecord; usage: UsageRecord }[],
    outcomes: Map<string, MeterOutcome>,
  ): void {
    const byKey = new Map(sent.map((u) => [recordKey(u.usage), u.record.ref]));
    for (const result of out.Results ?? []) {
      const ref = result.UsageRecord ? byKey.get(recordKey(result.UsageRecord)) : undefined;
      if (!ref) continue;
      if (result.Status === 'Success') outcomes.set(ref, { ref, kind: 'ACCEPTED', meteringRecordId: result.MeteringRecordId ?? null });
      else if (result.Status === 'DuplicateRecord')
        outcomes.set(ref, {
          ref,
          kind: 'DUPLICATE',
          acceptedQuantity: null,
          detail: 'DuplicateRecord: the hour is already metered with another quantity',
        });
      else outcomes.set(ref, { ref, kind: 'REJECTED', reason: result.Status ?? 'UnknownStatus' });
    }
    for (const unprocessed of out.UnprocessedRecords ?? []) {
      const ref = byKey.get(recordKey(unprocessed));
      if (ref) outcomes.set(ref, { ref, kind: 'RETRY', reason: 'UnprocessedRecords' });
    }
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
