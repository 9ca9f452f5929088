import { Injectable } from '@nestjs/common';
import { ClockService } from '../../clock/clock.service';
import { ResetRegistry, type ResettableState } from '../../core/reset.registry';
import { stableUuid } from '../../core/random-id.generator';
import { StatsService } from '../../core/stats.service';
import { FaultInjector } from '../../faults/fault-injector.service';
import { UsageLedgerService } from '../../ledger/usage-ledger.service';
import { CatalogEntityStore } from '../catalog/catalog-entity.store';
import { LicenseStore, type License } from '../entitlement/license.store';
import { AwsServiceError, validationError } from '../protocol/aws-service.error';
import type { CallerIdentity } from '../protocol/caller-identity';
import { CallRateLimiter } from './call-rate.limiter';
import { DEFAULT_METERING_CONFIG, type MeteringConfig } from './metering-config';
import { isWithinUsageWindow, usageHour } from './usage-window.policy';
import { parseUsageRecords, type UsageRecordInput } from './usage-record.validator';

type RecordStatus = 'Success' | 'CustomerNotSubscribed' | 'DuplicateRecord';

/** BatchMeterUsage's rules, in the order AWS applies them. */
@Injectable()
export class MeteringService implements ResettableState {
  private config: MeteringConfig = { ...DEFAULT_METERING_CONFIG };
  private readonly limiter = new CallRateLimiter(DEFAULT_METERING_CONFIG.callsPerSecond);

  constructor(
    registry: ResetRegistry,
    private readonly clock: ClockService,
    private readonly licenses: LicenseStore,
    private readonly catalog: CatalogEntityStore,
    private readonly ledger: UsageLedgerService,
    private readonly faults: FaultInjector,
    private readonly stats: StatsService,
  ) {
    registry.register(this);
  }

  batchMeterUsage(input: Record<string, unknown>, caller: CallerIdentity) {
    if (!this.limiter.tryAcquire(caller.accessKeyId)) {
      throw new AwsServiceError('ThrottlingException', 'Rate exceeded');
    }
    const records = parseUsageRecords(input);
    const productCode = this.productCodeOf(input, records);
    this.checkDimensions(productCode, records);
    const now = this.clock.now();
    const stale = records.find((r) => !isWithinUsageWindow(r.timestamp, now, this.config.windowHours));
    if (stale) {
      throw new AwsServiceError(
        'TimestampOutOfBoundsException',
        `Timestamp ${stale.timestamp.toISOString()} is outside the allowed window (${this.config.windowHours} hours, closed months refused after 06:00 UTC on the 1st)`,
      );
    }
    // An armed "unprocessed" fault hands back the second half, as AWS does under internal pressure.
    const cut = this.faults.take('BatchMeterUsage', ['unprocessed']) ? Math.floor(records.length / 2) : records.length;
    const results = records.slice(0, cut).map((r) => this.meter(productCode, r, now));
    return {
      Results: results,
      UnprocessedRecords: records.slice(cut).map((r) => echo(r)),
    };
  }

  getConfig(): MeteringConfig {
    return { ...this.config };
  }

  configure(patch: Partial<MeteringConfig>): MeteringConfig {
    this.config = { ...this.config, ...patch };
    this.limiter.limitPerSecond = this.config.callsPerSecond;
    return this.getConfig();
  }

  reset(): void {
    this.config = { ...DEFAULT_METERING_CONFIG };
    this.limiter.limitPerSecond = this.config.callsPerSecond;
    this.limiter.clear();
  }

  private meter(productCode: string, record: UsageRecordInput, now: Date) {
    const license = this.resolveLicense(productCode, record);
    if (!license || !this.licenses.acceptsUsage(license, record.timestamp, now)) {
      return this.result(record, 'CustomerNotSubscribed');
    }
    const hour = usageHour(record.timestamp);
    const customerKey = `${license.customerAWSAccountId}|${license.licenseArn}`;
    const outcome = this.ledger.record({
      cloud: 'aws',
      key: customerKey,
      recordId: stableUuid(`${customerKey}|${record.dimension}|${hour.toISOString()}`),
      customer: {
        customerAWSAccountId: license.customerAWSAccountId,
        licenseArn: license.licenseArn,
        customerIdentifier: license.customerIdentifier,
      },
      product: productCode,
      dimension: record.dimension,
      hour,
      quantity: record.quantity,
      original: record.raw,
    });
    return this.result(record, outcome.kind === 'conflict' ? 'DuplicateRecord' : 'Success', outcome.entry.recordId);
  }

  private result(record: UsageRecordInput, status: RecordStatus, meteringRecordId?: string) {
    this.stats.countRecord('BatchMeterUsage', status);
    return { UsageRecord: echo(record), MeteringRecordId: meteringRecordId, Status: status };
  }

  private resolveLicense(productCode: string, record: UsageRecordInput): License | undefined {
    if (record.customerIdentifier !== undefined) return this.licenses.byCustomerIdentifier(record.customerIdentifier, productCode);
    const license = this.licenses.byArn(record.licenseArn ?? '');
    if (!license || license.customerAWSAccountId !== record.customerAWSAccountId || license.productCode !== productCode) return undefined;
    return license;
  }

  /** One product per call: the ProductCode given, or the one all the records' licences share. */
  private productCodeOf(input: Record<string, unknown>, records: UsageRecordInput[]): string {
    if (typeof input.ProductCode === 'string') {
      // The licence form names its product through the licence: AWS documents that ProductCode must not come with LicenseArn.
      if (records.some((r) => r.licenseArn !== undefined))
        throw validationError('ProductCode must not be sent with records that carry a LicenseArn');
      if (!this.catalog.productByCode(input.ProductCode) && !this.licenses.knowsProductCode(input.ProductCode)) {
        throw new AwsServiceError('InvalidProductCodeException', `Unknown product code ${input.ProductCode}`);
      }
      return input.ProductCode;
    }
    if (records.some((r) => r.licenseArn === undefined)) throw validationError('ProductCode is required for records without a LicenseArn');
    // The product is the one the licences name; a licence AWS does not know is that record's CustomerNotSubscribed, not the call's failure.
    const codes = new Set(
      records.map((r) => this.licenses.byArn(r.licenseArn ?? '')?.productCode).filter((c): c is string => c !== undefined),
    );
    if (codes.size > 1) throw validationError('All usage records of one call must be for the same product');
    return [...codes][0] ?? '';
  }

  private checkDimensions(productCode: string, records: UsageRecordInput[]): void {
    const product = this.catalog.productByCode(productCode);
    const dimensions = product ? this.catalog.productDimensions(product).map((d) => d.key) : [];
    // A product seeded without dimensions accepts any, so a test need not declare them.
    if (dimensions.length === 0) return;
    const unknown = records.find((r) => !dimensions.includes(r.dimension));
    if (unknown)
      throw new AwsServiceError('InvalidUsageDimensionException', `Dimension ${unknown.dimension} is not defined for ${productCode}`);
  }
}

function echo(record: UsageRecordInput): Record<string, unknown> {
  return { ...record.raw, Timestamp: record.timestamp };
}
