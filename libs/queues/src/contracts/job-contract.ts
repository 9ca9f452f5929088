import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { QueueName } from '../queue-names';

export interface JobContract<S extends z.ZodType> {
  queue: QueueName;
  schema: S;
  /** Deterministic id from the business key, so a repeat is dropped while the first job exists. Never contains ':'. */
  jobId: (data: z.infer<S>) => string;
  options: JobsOptions;
}

export const contract = <S extends z.ZodType>(c: JobContract<S>) => c;
