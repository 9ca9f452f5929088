import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { multiplyDecimalPrice } from '@bridge/domain';
import { JobProducer, type JobData } from '@bridge/queues';
import { UsageHourRepository, type AcceptedHour } from '../hours/usage-hour.repository';

const EVENTS_PER_JOB = 500;
const HOURS_PER_ROUND = 5000;

type RevenueEvent = JobData<'usage-revenue.recorded'>['events'][number];

/**
 * Outbox of metered revenue: accepted hours not yet published are valued
 * (billed quantity x the frozen price) and sent to the attribution bridge,
 * hundreds per job, then marked published. A crash between the two sends the
 * same hours again under the same job id (derived from the hours), and the
 * bridge's credit keys (per usage hour and partner) make a redelivery credit
 * once. Published is not credited: the bridge marks an hour credited in the
 * transaction that credits it, and hours published a while ago but still not
 * credited (their job lost with Redis, or failed past its retries) are sent
 * again, a failed job under the same id replaced.
 */
@Injectable()
export class UsageRevenuePublisher {
  constructor(
    private readonly hours: UsageHourRepository,
    private readonly jobs: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async publish(at: Date): Promise<{ hours: number; events: number }> {
    const fresh = await this.publishWhile(() => this.hours.acceptedUnpublished(HOURS_PER_ROUND), at, 'enqueue');
    // Well past a normal delivery (seconds), so only a job that is gone or has failed is redelivered.
    const before = new Date(at.getTime() - this.config.INBOX_SWEEP_INTERVAL_MS * 12);
    const again = await this.publishWhile(() => this.hours.publishedUncredited(before, HOURS_PER_ROUND), at, 'requeue');
    return { hours: fresh.hours + again.hours, events: fresh.events + again.events };
  }

  /** Rounds of hours until a round is short; each is marked published (again) at `at`, so the next sweep skips it. */
  private async publishWhile(next: () => Promise<AcceptedHour[]>, at: Date, how: 'enqueue' | 'requeue') {
    let total = { hours: 0, events: 0 };
    for (;;) {
      const accepted = await next();
      if (accepted.length === 0) return total;
      const valued = accepted.map((hour) => ({ hour, valueMinor: valueOf(hour) }));
      const events = valued.filter((v) => v.valueMinor !== null && v.valueMinor > 0n).map((v) => toEvent(v.hour, v.valueMinor!));
      const jobs: JobData<'usage-revenue.recorded'>[] = [];
      for (let i = 0; i < events.length; i += EVENTS_PER_JOB) {
        const chunk = events.slice(i, i + EVENTS_PER_JOB);
        jobs.push({ batchId: batchIdOf(chunk.map((e) => e.usageHourId)), events: chunk });
      }
      if (how === 'enqueue') await this.jobs.enqueueMany('usage-revenue.recorded', jobs);
      else await this.jobs.requeueMany('usage-revenue.recorded', jobs);
      await this.hours.markPublished(
        valued.map((v) => ({ id: v.hour.id, valueMinor: v.valueMinor })),
        at,
      );
      total = { hours: total.hours + accepted.length, events: total.events + events.length };
      if (accepted.length < HOURS_PER_ROUND) return total;
    }
  }
}

function valueOf(hour: AcceptedHour): bigint | null {
  if (hour.unitPrice === null || hour.currency === null) return null;
  return multiplyDecimalPrice(hour.billedQuantity, hour.unitPrice, hour.currency);
}

function toEvent(hour: AcceptedHour, amountMinor: bigint): RevenueEvent {
  return {
    usageHourId: hour.id,
    cloud: hour.cloud,
    customerAccountId: hour.customerAccountId,
    productId: hour.productId,
    listingId: hour.listingId,
    marketplaceAgreementId: hour.marketplaceAgreementId,
    dimension: hour.dimension,
    hour: hour.hour.toISOString(),
    quantity: hour.billedQuantity.toString(),
    amountMinor: amountMinor.toString(),
    currency: hour.currency ?? 'USD',
  };
}

/** The same hours give the same batch id, so a republished batch is dropped by its job id while the first lives. */
function batchIdOf(ids: string[]): string {
  const hex = createHash('sha256').update(ids.join(',')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
