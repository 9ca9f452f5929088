import { z } from 'zod';
import { QueueName } from './queue-names';
import { RetryPolicy } from './retry-policies';
import type { JobsOptions } from 'bullmq';

interface JobContract<S extends z.ZodType> {
  queue: QueueName;
  schema: S;
  /** Deterministic id from the business key, so a repeat is dropped while the first job exists. */
  jobId: (data: z.infer<S>) => string;
  options: JobsOptions;
}

const contract = <S extends z.ZodType>(c: JobContract<S>) => c;

/**
 * Every job the product runs: its queue, payload schema (checked by the
 * producer before enqueueing and by the worker before handling), id and
 * retry policy. Names are `<subject>.<event>` and never change.
 */
export const jobContracts = {
  'marketplace-event.received': contract({
    queue: QueueName.Attribution,
    schema: z.object({ eventId: z.string().uuid() }),
    jobId: (d) => `marketplace-event-${d.eventId}`,
    options: RetryPolicy.marketplaceEvent,
  }),
  'marketplace-event.sweep': contract({
    queue: QueueName.Attribution,
    schema: z.object({ olderThanMs: z.number().int().min(0) }),
    jobId: () => 'marketplace-event-sweep',
    options: RetryPolicy.housekeeping,
  }),
} as const;

export type JobName = keyof typeof jobContracts;
export type JobData<N extends JobName> = z.infer<(typeof jobContracts)[N]['schema']>;

export const jobNamesOf = (queue: QueueName): JobName[] =>
  (Object.keys(jobContracts) as JobName[]).filter((name) => jobContracts[name].queue === queue);
