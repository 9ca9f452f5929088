import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { JobProducer, QueueName, jobContracts } from '@bridge/queues';

/**
 * The scheduled, incremental catalog import, plus a full one daily (public
 * offer prices, anything the incremental pass cannot see). BullMQ job
 * schedulers are upserted by id: one each however many processes run.
 */
@Injectable()
export class ListingSyncScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.jobs.queue(QueueName.ListingSync);
    const opts = jobContracts['listing.sync'].options;
    await queue.upsertJobScheduler('listing-sync-aws', { every: this.config.LISTING_SYNC_INTERVAL_MS }, { name: 'listing.sync', data: { cloud: 'AWS', full: false }, opts });
    await queue.upsertJobScheduler('listing-sync-aws-full', { pattern: '17 3 * * *', tz: 'UTC' }, { name: 'listing.sync', data: { cloud: 'AWS', full: true }, opts });
  }
}
