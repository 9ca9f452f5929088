import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { JobProducer } from '@bridge/queues';

/** One tick scheduler in Redis however many metering processes run (upserted by id). */
@Injectable()
export class MeteringTickScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule('metering-tick', 'metering.tick', { every: this.config.METERING_TICK_MS }, {});
  }
}
