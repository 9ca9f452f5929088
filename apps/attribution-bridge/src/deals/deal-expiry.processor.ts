import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { DealRegistrationRepository } from '@bridge/database';
import { JobProducer, OnJob } from '@bridge/queues';

/**
 * Registrations lapse at their expiry; this keeps their status true for the
 * people reading lists. Credit never depends on it: the rules compare the
 * expiry with the purchase time themselves.
 */
@Injectable()
export class DealExpiryProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(DealExpiryProcessor.name);

  constructor(
    private readonly deals: DealRegistrationRepository,
    private readonly jobs: JobProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule(
      'deal-registration-expire-due',
      'deal-registration.expire-due',
      { every: Math.max(this.config.INBOX_SWEEP_INTERVAL_MS, 60_000) },
      {},
    );
  }

  @OnJob('deal-registration.expire-due')
  async expireDue(): Promise<void> {
    const { count } = await this.deals.expireDue(new Date());
    if (count) this.logger.log(`${count} deal registrations expired`);
  }
}
