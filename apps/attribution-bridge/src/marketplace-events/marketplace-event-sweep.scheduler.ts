import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { JobProducer, QueueName, jobContracts } from '@bridge/queues';

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
    await this.jobs.queue(QueueName.Attribution).upsertJobScheduler(
      'marketplace-event-sweep',
      { every: interval },
      {
        name: 'marketplace-event.sweep',
        // An event younger than two intervals probably still has its job.
        data: { olderThanMs: interval * 2 },
        opts: jobContracts['marketplace-event.sweep'].options,
      },
    );
  }
}
