import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { JobProducer } from '@bridge/queues';

/** One scheduler in Redis however many private-offers processes run (upserted by id). */
@Injectable()
export class ChangeSetSweepScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The poll job follows a set for minutes; the sweep is the slow safety net behind it.
    const every = Math.max(this.config.CHANGE_SET_POLL_INTERVAL_MS * 6, 10_000);
    await this.jobs.schedule('catalog-change-sweep', 'catalog-change.sweep', { every }, { olderThanMs: every });
  }
}
