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
  /**
   * Catalog writes: an entity locked by another change set (423), the open
   * change-set quota (402) and throttling all clear with time; ~1 hour of
   * backoff. A failed job is removed so the change-set sweep can queue it again.
   */
  catalogWrite: {
    attempts: 12,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 3600, count: 10_000 },
    removeOnFail: true,
  },
  /** Following a change set: a poll every few seconds for ~5 minutes, then the sweep takes over. */
  changeSetPoll: { attempts: 100, delay: 1000, backoff: { type: 'fixed', delay: 3000 }, removeOnComplete: true, removeOnFail: true },
  /** A catalog import: the next scheduled run retries a failed one, after a couple of quick tries. */
  catalogSync: { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: { count: 100 } },
  /** Metered revenue to credit: the database may be briefly away; keep trying for ~1 hour, credit keys make repeats harmless. */
  usageRevenue: { attempts: 12, backoff: { type: 'exponential', delay: 1000 }, ...keep },
  /** A subscription's final usage flush: within its one-hour grace, so retry quickly and often. */
  meteringFlush: { attempts: 20, backoff: { type: 'fixed', delay: 2000 }, removeOnComplete: true, removeOnFail: { count: 100 } },
  /** Matching an import's items: a recomputation, so retrying is always safe; the database may be briefly away. */
  reconciliationMatch: { attempts: 8, backoff: { type: 'exponential', delay: 2000 }, ...keep },
  /**
   * Judging an agreement's UNMATCHED items again: a recomputation, safe to retry. Removed once
   * finished, whatever the outcome: the agreement's next change must queue a job under the same id
   * (a kept one would drop it), and the reconciliation sweep finds the items without an agreement
   * (or matched by buyer and product) that a failed one left.
   */
  reconciliationRejudge: { attempts: 8, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: true },
  /** Periodic housekeeping: the next tick retries anyway. */
  housekeeping: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
} as const satisfies Record<string, JobsOptions>;
