import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { JobProducer } from '@bridge/queues';

/** Polls the seller's data-feed bucket every AWS_DATA_FEED_POLL_INTERVAL_MS (one scheduler, upserted by id), when a bucket is configured. */
@Injectable()
export class DataFeedPollScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const feeds = this.config.awsDataFeeds;
    if (feeds === null) return;
    await this.jobs.schedule('reconciliation-feed-poll', 'reconciliation.feed-poll', { every: feeds.pollIntervalMs }, {});
  }
}
