import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { JobProducer } from '@bridge/queues';

/**
 * The scheduled, incremental catalog import, plus a full one daily (public
 * offer prices, anything the incremental pass cannot see), and the Azure
 * offers' plans and prices as often. BullMQ job
 * schedulers are upserted by id: one each however many processes run.
 */
@Injectable()
export class ListingSyncScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule(
      'listing-sync-aws',
      'listing.sync',
      { every: this.config.LISTING_SYNC_INTERVAL_MS },
      { cloud: 'AWS', full: false },
    );
    await this.jobs.schedule('listing-sync-aws-full', 'listing.sync', { pattern: '17 3 * * *' }, { cloud: 'AWS', full: true });
    await this.jobs.schedule(
      'listing-sync-azure',
      'listing.sync',
      { every: this.config.LISTING_SYNC_INTERVAL_MS },
      { cloud: 'AZURE', full: false },
    );
  }
}
