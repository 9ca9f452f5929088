import type { JobData, JobName } from './job-contracts';

/** A job BullMQ runs on its own, every `every` ms or on a cron `pattern` (UTC), under one scheduler id however many processes declare it. */
export interface RepeatingJob<N extends JobName = JobName> {
  schedulerId: string;
  job: N;
  when: { every: number } | { pattern: string };
  data: JobData<N>;
}

/** Typed by the job's contract: the payload must be that job's. */
export function repeating<N extends JobName>(
  schedulerId: string,
  job: N,
  when: { every: number } | { pattern: string },
  data: JobData<N>,
): RepeatingJob {
  return { schedulerId, job, when, data } as RepeatingJob;
}
