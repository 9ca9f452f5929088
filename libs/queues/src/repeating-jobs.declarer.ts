import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { JobProducer } from './job-producer.service';
import type { RepeatingJob } from './repeating-job';

export const REPEATING_JOBS = Symbol('REPEATING_JOBS');

/**
 * Declares a worker app's repeating jobs (its sweeps and ticks) when it
 * starts: the one place they are scheduled. JobProducer keeps them declared
 * should Redis lose them.
 */
@Injectable()
export class RepeatingJobsDeclarer implements OnApplicationBootstrap {
  constructor(
    @Inject(REPEATING_JOBS) private readonly repeatingJobs: RepeatingJob[],
    private readonly jobs: JobProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const { schedulerId, job, when, data } of this.repeatingJobs) await this.jobs.schedule(schedulerId, job, when, data);
  }
}
