/**
 * What the metering worker hands a marketplace and what it gets back, the
 * same for AWS BatchMeterUsage and Azure batchUsageEvent. `ref` is the
 * caller's own id for the record (a usage hour); answers come back by it.
 */
export interface MeterRecord {
  ref: string;
  /** AWS: account id + licence (or the legacy identifier); Azure: resource id + plan. */
  customer: {
    awsAccountId?: string | null;
    licenseArn?: string | null;
    customerIdentifier?: string | null;
    azureResourceId?: string | null;
    azurePlanId?: string | null;
  };
  dimension: string;
  /** Start of the UTC hour: every send of the same hour carries the same timestamp. */
  hour: Date;
  quantity: bigint;
}

export type MeterOutcome =
  | { ref: string; kind: 'ACCEPTED'; meteringRecordId: string | null }
  /** The marketplace already holds this customer, dimension and hour; acceptedQuantity when it says what it holds. */
  | { ref: string; kind: 'DUPLICATE'; acceptedQuantity: bigint | null; detail: string }
  /** Will never be accepted (customer not subscribed, expired, invalid dimension...). */
  | { ref: string; kind: 'REJECTED'; reason: string }
  /** Not processed this time (UnprocessedRecords, a per-record error): send again. */
  | { ref: string; kind: 'RETRY'; reason: string };

export type MeteringCallFailure = 'THROTTLED' | 'RETRYABLE' | 'OUT_OF_WINDOW' | 'CREDENTIALS' | 'PERMANENT';

/** A whole call failed: nothing in it was recorded by the marketplace. */
export class MeteringCallError extends Error {
  constructor(
    readonly failure: MeteringCallFailure,
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'MeteringCallError';
  }
}

export interface MarketplaceMeter {
  /** At most 25 records; AWS: all of one product. Outcomes in the order of `records`. */
  send(productCode: string, records: MeterRecord[]): Promise<MeterOutcome[]>;
}

/** BatchMeterUsage (AWS Marketplace Metering Service). */
export const AWS_METER = Symbol('AWS_METER');
/** batchUsageEvent (Azure Marketplace metered billing). */
export const AZURE_METER = Symbol('AZURE_METER');

export const MAX_RECORDS_PER_METERING_CALL = 25;
/** Largest quantity one AWS usage record may carry. */
export const MAX_METERED_QUANTITY = 2_147_483_647n;
