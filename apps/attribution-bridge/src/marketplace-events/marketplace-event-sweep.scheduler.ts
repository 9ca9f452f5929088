import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { JobProducer } from '@bridge/queues';

/**
 * One scheduler in Redis however many attribution processes run: BullMQ's
 * job scheduler is upserted by id, so every process may declare it.
 */
@Injectable()
export class MarketplaceEventSweepScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const interval = this.config.INBOX_SWEEP_INTERVAL_MS;
    // An event younger than two intervals probably still has its job.
    await this.jobs.schedule('marketplace-event-sweep', 'marketplace-event.sweep', { every: interval }, { olderThanMs: interval * 2 });
  }
}
