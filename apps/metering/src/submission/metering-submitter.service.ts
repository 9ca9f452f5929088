import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { AWS_METER, AZURE_METER, MeteringCallError, type MarketplaceMeter, type MeterRecord } from '@bridge/marketplace';
import { UsageHourRepository, type ClaimedHour, type HourSettlement } from '../hours/usage-hour.repository';
import { MeteringPacers } from './metering-pacers';
import { planMeteringBatches, type MeteringBatch } from './metering-batch.builder';
import { verdictFor } from './meter-outcome.rule';

const MAX_THROTTLE_RETRIES = 8;
const MAX_RETRIES = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SubmissionStats {
  calls: number;
  accepted: number;
  rejected: number;
  released: number;
}

/**
 * Sends frozen hours to the marketplaces, exactly once in effect: the
 * quantity was frozen and committed before the first send, the attempt is
 * counted before each call, and an hour whose result was lost (the worker
 * died after the call) is simply sent again, identical, which the
 * marketplace answers as a success without billing twice. That holds only
 * while the hour is inside the window: a resend after it cannot confirm
 * anything, so such an hour becomes UNKNOWN for finance to reconcile.
 */
@Injectable()
export class MeteringSubmitter {
  private readonly logger = new Logger(MeteringSubmitter.name);
  private readonly meters: Record<string, MarketplaceMeter>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hours: UsageHourRepository,
    @Inject(AWS_METER) aws: MarketplaceMeter,
    @Inject(AZURE_METER) azure: MarketplaceMeter,
    private readonly pacers: MeteringPacers,
  ) {
    this.meters = { AWS: aws, AZURE: azure };
  }

  /** Sends what is frozen until nothing is left or the time budget is spent. */
  async drain(now: () => Promise<Date>, budgetMs: number): Promise<SubmissionStats> {
    const stats: SubmissionStats = { calls: 0, accepted: 0, rejected: 0, released: 0 };
    const stopAt = Date.now() + budgetMs;
    while (Date.now() < stopAt) {
      const claimMs = this.config.METERING_CLAIM_SECONDS * 1000;
      // As many hours as the paced calls can send in half the claim, so a round ends well inside it.
      const claimSize = Math.max(
        25,
        Math.min(20_000, Math.floor(this.config.METERING_AWS_CALLS_PER_SECOND * 25 * this.config.METERING_CLAIM_SECONDS * 0.5)),
      );
      const claimed = await this.hours.claimSending(claimSize, new Date(Date.now() + claimMs), new Date());
      if (claimed.length === 0) break;
      const roundEnds = Math.min(stopAt, Date.now() + claimMs * 0.8);
      const plan = planMeteringBatches(claimed, await now(), this.config.METERING_WINDOW_HOURS);
      const at = await now();
      await this.hours.settle(
        [
          ...plan.outOfWindow.map((h) =>
            settlement(h.id, 'REJECTED', 'OUT_OF_WINDOW: the window closed before the hour could be sent; nothing billed'),
          ),
          ...plan.unconfirmable.map((h) =>
            settlement(h.id, 'UNKNOWN', 'OUTCOME_UNKNOWN: sent before, but the window closed before a resend could confirm it'),
          ),
          ...plan.nothingToSend.map((h) => settlement(h.id, 'ACCEPTED', 'zero quantity: Azure takes no zero events, nothing to bill')),
        ],
        at,
      );
      stats.rejected += plan.outOfWindow.length;
      const unsent = [...plan.batches];
      while (unsent.length > 0 && Date.now() < roundEnds) await this.sendBatch(unsent.shift()!, now, stats);
      const left = unsent.flatMap((b) => b.hours.map((h) => h.id));
      await this.hours.release(left, 'waiting for the next round');
      stats.released += left.length;
    }
    return stats;
  }

  private async sendBatch(batch: MeteringBatch<ClaimedHour>, now: () => Promise<Date>, stats: SubmissionStats): Promise<void> {
    const meter = this.meters[batch.cloud];
    if (!meter) {
      await this.hours.settle(
        batch.hours.map((h) => settlement(h.id, 'REJECTED', `UNSUPPORTED_CLOUD: ${batch.cloud}`)),
        await now(),
      );
      return;
    }
    let pending = batch.hours;
    let throttles = 0;
    let retries = 0;
    while (pending.length > 0) {
      const attemptsBefore = new Map(pending.map((h) => [h.id, h.sendAttempts]));
      await this.pacers.for(batch.cloud).acquire();
      await this.hours.countAttempt(pending.map((h) => h.id));
      pending.forEach((h) => (h.sendAttempts += 1));
      stats.calls += 1;
      try {
        const outcomes = await meter.send(batch.productCode, pending.map(toMeterRecord));
        const settled: HourSettlement[] = [];
        const again: ClaimedHour[] = [];
        outcomes.forEach((outcome, i) => {
          const hour = pending[i];
          const verdict = verdictFor(outcome, hour.billedQuantity, attemptsBefore.get(hour.id) ?? 0);
          if (verdict.status === 'RETRY') again.push(hour);
          else
            settled.push({
              id: hour.id,
              status: verdict.status,
              reason: verdict.reason,
              meteringRecordId: verdict.status === 'ACCEPTED' ? verdict.meteringRecordId : null,
            });
        });
        await this.hours.settle(settled, await now());
        stats.accepted += settled.filter((s) => s.status === 'ACCEPTED').length;
        stats.rejected += settled.filter((s) => s.status !== 'ACCEPTED').length;
        if (again.length === 0) return;
        if (++retries > MAX_RETRIES) return this.giveBack(again, 'UnprocessedRecords: retried in the next round', stats);
        await sleep(backoff(retries));
        pending = again;
      } catch (error) {
        if (!(error instanceof MeteringCallError)) throw error;
        if (error.failure === 'THROTTLED') {
          if (++throttles > MAX_THROTTLE_RETRIES) return this.giveBack(pending, `throttled: ${error.message}`, stats);
          await this.pacers.for(batch.cloud).pause(backoff(throttles));
          continue;
        }
        if (error.failure === 'CREDENTIALS') {
          // Not the usage's fault, and no retry in this round will fix it: the hours wait for the next tick.
          this.logger.error(`marketplace credentials refused; usage kept for the next round: ${error.message}`);
          return this.giveBack(pending, `credentials refused: ${error.message}`, stats);
        }
        if (error.failure === 'RETRYABLE') {
          if (++retries > MAX_RETRIES) return this.giveBack(pending, `marketplace error: ${error.message}`, stats);
          await sleep(backoff(retries));
          continue;
        }
        // One bad record fails a whole call: send them one by one to find it.
        if (pending.length > 1) {
          this.logger.warn(`${error.code} on a batch of ${pending.length}: sending its records one by one`);
          for (const hour of pending) await this.sendBatch({ ...batch, hours: [hour] }, now, stats);
          return;
        }
        const [hour] = pending;
        const neverSent = (attemptsBefore.get(hour.id) ?? 0) === 0;
        const status = error.failure === 'OUT_OF_WINDOW' && !neverSent ? 'UNKNOWN' : 'REJECTED';
        await this.hours.settle(
          [settlement(hour.id, status, `${error.failure === 'OUT_OF_WINDOW' ? 'OUT_OF_WINDOW' : 'MARKETPLACE_REFUSED'}: ${error.message}`)],
          await now(),
        );
        stats.rejected += 1;
        return;
      }
    }
  }

  private async giveBack(hours: ClaimedHour[], reason: string, stats: SubmissionStats): Promise<void> {
    this.logger.warn(`${hours.length} hours back to the queue: ${reason}`);
    await this.hours.release(
      hours.map((h) => h.id),
      reason,
    );
    stats.released += hours.length;
  }
}

function toMeterRecord(hour: ClaimedHour): MeterRecord {
  return {
    ref: hour.id,
    customer: {
      awsAccountId: hour.awsAccountId,
      licenseArn: hour.licenseArn,
      customerIdentifier: hour.customerIdentifier,
      azureResourceId: hour.azureResourceId,
      azurePlanId: hour.azurePlanId,
    },
    dimension: hour.dimension,
    hour: hour.hour,
    quantity: hour.billedQuantity,
  };
}

const settlement = (id: string, status: HourSettlement['status'], reason: string): HourSettlement => ({
  id,
  status,
  reason,
  meteringRecordId: null,
});

/** Exponential with jitter: 200 ms, 400 ms, ... up to 5 s. */
function backoff(attempt: number): number {
  const base = Math.min(5000, 200 * 2 ** (attempt - 1));
  return base / 2 + Math.random() * (base / 2);
}
