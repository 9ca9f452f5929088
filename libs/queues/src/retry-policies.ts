import type { JobsOptions } from 'bullmq';

/**
 * Named retry policies. Finished jobs are kept for a while so that a
 * redelivered business key within that time is dropped by its job id; the
 * database's unique keys remain the final guard after that.
 */
const keep = { removeOnComplete: { age: 3600, count: 10_000 }, removeOnFail: { age: 7 * 24 * 3600 } } as const;

export const RetryPolicy = {
  /** Marketplace events: a cloud API may be briefly down; keep trying for ~1 hour. */
  marketplaceEvent: { attempts: 12, backoff: { type: 'exponential', delay: 1000 }, ...keep },
  /** Periodic housekeeping: the next tick retries anyway. */
  housekeeping: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
} as const satisfies Record<string, JobsOptions>;
