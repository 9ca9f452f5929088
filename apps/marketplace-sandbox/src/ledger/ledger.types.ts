export type Cloud = 'aws' | 'azure';

/** One usage the marketplace accepted and will bill: a customer, a dimension, an hour. */
export interface LedgerEntry {
  readonly cloud: Cloud;
  /** The metering record id (AWS MeteringRecordId, Azure usageEventId). */
  readonly recordId: string;
  readonly customer: Record<string, string>;
  /** AWS product code or Azure plan id. */
  readonly product: string;
  readonly dimension: string;
  /** Start of the UTC hour. */
  readonly hour: string;
  readonly quantity: number;
  /** Distinct successful recordings of this key: anything above 1 would be double billing. */
  timesRecorded: number;
  /** Identical resends answered with success but not recorded again. */
  identicalResends: number;
  /** Later sends with a different quantity, refused as duplicates. */
  conflictingResends: number;
  readonly recordedAt: string;
  /** What the caller sent, echoed back on a duplicate (Azure returns the original event). */
  readonly original: Record<string, unknown>;
}
