import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { hourStart, usageDeadline } from '@bridge/domain';
import { MAX_METERED_QUANTITY, METERING_CLOCK, type MeteringClock } from '@bridge/marketplace';
import { UsageRevenuePublisher } from '../revenue/usage-revenue.publisher';
import { MeteringSubmitter } from '../submission/metering-submitter.service';
import { UsageHourRepository } from './usage-hour.repository';

const HOUR_MS = 3_600_000;
/** How long one tick may keep sending before it lets the next one start over. */
const DRAIN_BUDGET_MS = 5 * 60_000;

/**
 * One pass of metering, in order: carry usage that arrived after its hour
 * was frozen to the current hour; add zero-quantity hours; freeze the hours
 * that are due (ended and settled, or all of a subscription being flushed
 * after unsubscribe-pending) and flag those already out of the window; send
 * what is frozen; publish the revenue of what was accepted. Month end needs
 * nothing special: last month's final hours end at 00:00 on the 1st and are
 * sent within minutes, earliest deadline first, long before 06:00.
 */
@Injectable()
export class MeteringTickService {
  private readonly logger = new Logger(MeteringTickService.name);
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METERING_CLOCK) private readonly clock: MeteringClock,
    private readonly hours: UsageHourRepository,
    private readonly submitter: MeteringSubmitter,
    private readonly revenue: UsageRevenuePublisher,
  ) {}

  /** A tick while one runs is skipped; `follow` waits for it and runs another (a flush must see its new status). */
  async tick(follow = false): Promise<void> {
    if (this.running) {
      if (!follow) return;
      await this.running.catch(() => undefined);
      // Read afresh: the awaited tick has cleared it, or another tick has started
      // meanwhile (TypeScript still narrows the field to the promise awaited above).
      const started = this.running as Promise<void> | null;
      if (started) return started;
    }
    this.running = this.runOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async runOnce(): Promise<void> {
    const windowHours = this.config.METERING_WINDOW_HOURS;
    const now = await this.clock.now();
    const currentHour = hourStart(now);
    const late = await this.hours.carryLateUsage(currentHour, new Date(currentHour.getTime() - (windowHours + 24) * HOUR_MS));
    if (late.carried || late.unbillable)
      this.logger.log(`late usage: ${late.carried} carried to ${currentHour.toISOString()}, ${late.unbillable} unbillable`);
    await this.hours.createZeroHours(
      new Date(currentHour.getTime() - (windowHours - 1) * HOUR_MS),
      new Date(currentHour.getTime() - HOUR_MS),
    );

    const endedBefore = new Date(now.getTime() - HOUR_MS - this.config.METERING_SETTLE_SECONDS * 1000);
    const candidates = await this.hours.dueCandidates(endedBefore, now);
    const expired = candidates.filter((c) => usageDeadline(c.hour, windowHours).getTime() <= now.getTime());
    const due = candidates.filter((c) => !expired.includes(c));
    await this.hours.expire(
      expired.map((c) => c.id),
      'EXPIRED: aged out of the marketplace window before it was sent; nothing billed',
      now,
    );
    await this.hours.freeze(
      due.map((c) => c.id),
      now,
      MAX_METERED_QUANTITY,
    );
    if (expired.length) this.logger.warn(`${expired.length} usage hours aged out unsent`);

    const sent = await this.submitter.drain(() => this.clock.now(), DRAIN_BUDGET_MS);
    if (sent.calls)
      this.logger.log(
        `metering: ${sent.calls} calls, ${sent.accepted} hours accepted, ${sent.rejected} rejected, ${sent.released} left for later`,
      );
    const published = await this.revenue.publish(await this.clock.now());
    if (published.events) this.logger.log(`revenue of ${published.events} usage hours sent to attribution`);
    await this.hours.markFinalFlushes(await this.clock.now());
  }
}
