import type { Cloud } from '../attribution/attribution.types';
import { hourStart } from './metering-window.rule';

export interface UsageRecordKey {
  cloud: Cloud;
  /** Who is billed: AWS account id + licence ARN, or the Azure SaaS resource id. */
  customerRef: string;
  dimension: string;
  at: Date;
}

/**
 * The key usage is summed and billed under: cloud, customer, dimension and
 * UTC hour. The marketplaces accept one record per customer, dimension and
 * hour (a second one is a duplicate), so this key is what makes "billed
 * exactly once" checkable, and it is safe as a BullMQ job id or database key:
 * every part is URI-encoded, so no ':' (refused in BullMQ custom ids) or
 * separator from inside an ARN can make two different records collide.
 * Example: "meter|AWS|123456789012%2Farn%3Aaws%3A...|api_calls|2026031512".
 */
export function usageAggregationKey({ cloud, customerRef, dimension, at }: UsageRecordKey): string {
  const hour = hourStart(at).toISOString(); // 2026-03-15T12:00:00.000Z
  const compactHour = hour.slice(0, 4) + hour.slice(5, 7) + hour.slice(8, 10) + hour.slice(11, 13);
  return ['meter', cloud, encodeURIComponent(customerRef), encodeURIComponent(dimension), compactHour].join('|');
}

export interface UsageQuantity extends UsageRecordKey {
  quantity: bigint;
}

/**
 * Sums quantities per aggregation key, the hour normalised to its start.
 * Azure keeps the first write and AWS refuses a different second one, so
 * every record of an hour must be summed before anything is sent.
 */
export function aggregateUsage(records: readonly UsageQuantity[]): (UsageQuantity & { key: string })[] {
  const sums = new Map<string, UsageQuantity & { key: string }>();
  for (const record of records) {
    if (record.quantity < 0n) throw new RangeError(`usage quantity cannot be negative (${record.dimension}: ${record.quantity})`);
    const key = usageAggregationKey(record);
    const sum = sums.get(key);
    if (sum) sum.quantity += record.quantity;
    else sums.set(key, { ...record, at: hourStart(record.at), key });
  }
  return [...sums.values()];
}
