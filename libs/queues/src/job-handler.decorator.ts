import { SetMetadata } from '@nestjs/common';
import type { JobName } from './job-contracts';

export const JOB_HANDLER = Symbol('JOB_HANDLER');

/**
 * Binds a service method to a job name. The method receives the validated
 * payload, never the BullMQ job, so business code stays free of the queue.
 */
export const OnJob = (name: JobName) => SetMetadata(JOB_HANDLER, name);

export interface JobContext {
  jobId: string;
  attempt: number;
}
