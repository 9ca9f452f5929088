import type { AppConfig } from '@bridge/config';
import { repeating, type RepeatingJob } from '@bridge/queues';

export function privateOffersRepeatingJobs(config: AppConfig): RepeatingJob[] {
  // The poll job follows a set for minutes; the sweep is the slow safety net behind it.
  const every = Math.max(config.CHANGE_SET_POLL_INTERVAL_MS * 6, 10_000);
  return [repeating('catalog-change-sweep', 'catalog-change.sweep', { every }, { olderThanMs: every })];
}
