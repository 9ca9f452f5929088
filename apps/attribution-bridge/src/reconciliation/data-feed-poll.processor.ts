import { Controller, Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { DATA_FEED_BUCKET, type DataFeedBucket } from '@bridge/marketplace';
import { OnJob } from '@bridge/queues';
import { DeliveredFeedPollService } from '@bridge/reconciliation';

/** Thin: a poll of the data-feed bucket; the poller keeps its own place per object, so a repeated or lost poll costs nothing. */
@Controller()
export class DataFeedPollProcessor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATA_FEED_BUCKET) private readonly bucket: DataFeedBucket,
    private readonly poller: DeliveredFeedPollService,
  ) {}

  @OnJob('reconciliation.feed-poll')
  async poll(): Promise<void> {
    const feeds = this.config.awsDataFeeds;
    if (feeds === null) return;
    await this.poller.poll(this.bucket, feeds.prefix);
  }
}
