import { usageDeadline } from '@bridge/domain';
import { MAX_RECORDS_PER_METERING_CALL } from '@bridge/marketplace';

export interface BatchableHour {
  id: string;
  cloud: string;
  productCode: string;
  hour: Date;
  billedQuantity: bigint;
  sendAttempts: number;
}

export interface MeteringBatch<H extends BatchableHour> {
  cloud: string;
  productCode: string;
  hours: H[];
}

export interface BatchPlan<H extends BatchableHour> {
  batches: MeteringBatch<H>[];
  /** Past their deadline and never sent: nothing was billed, flag them. */
  outOfWindow: H[];
  /** Past their deadline but sent before: whether the marketplace has them cannot be confirmed by a resend. */
  unconfirmable: H[];
  /** Azure takes no zero-quantity events: a zero hour is complete without a call. */
  nothingToSend: H[];
}

/**
 * Splits frozen hours into marketplace calls: one cloud and product per call,
 * at most 25 records, the earliest deadlines first. Hours whose window has
 * closed are held back (one stale record would fail a whole AWS call).
 */
export function planMeteringBatches<H extends BatchableHour>(hours: H[], now: Date, windowHours: number): BatchPlan<H> {
  const outOfWindow: H[] = [];
  const unconfirmable: H[] = [];
  const nothingToSend: H[] = [];
  const groups = new Map<string, H[]>();
  for (const hour of hours) {
    if (usageDeadline(hour.hour, windowHours).getTime() <= now.getTime()) {
      (hour.sendAttempts > 0 ? unconfirmable : outOfWindow).push(hour);
      continue;
    }
    if (hour.cloud === 'AZURE' && hour.billedQuantity === 0n) {
      nothingToSend.push(hour);
      continue;
    }
    const key = `${hour.cloud}\u0000${hour.productCode}`;
    const group = groups.get(key) ?? [];
    group.push(hour);
    groups.set(key, group);
  }
  const batches: MeteringBatch<H>[] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => a.hour.getTime() - b.hour.getTime());
    for (let i = 0; i < group.length; i += MAX_RECORDS_PER_METERING_CALL) {
      batches.push({ cloud: group[0].cloud, productCode: group[0].productCode, hours: group.slice(i, i + MAX_RECORDS_PER_METERING_CALL) });
    }
  }
  batches.sort((a, b) => a.hours[0].hour.getTime() - b.hours[0].hour.getTime());
  return { batches, outOfWindow, unconfirmable, nothingToSend };
}
