import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { JobProducer } from '@bridge/queues';

/** One BullMQ job scheduler (upserted by id, so every worker process may declare it) sweeping for lost matching jobs. */
@Injectable()
export class ReconciliationSweepScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const every = this.config.INBOX_SWEEP_INTERVAL_MS * 6;
    await this.jobs.schedule('reconciliation-match-sweep', 'reconciliation.match-sweep', { every }, { olderThanMs: every * 2 });
  }
}
