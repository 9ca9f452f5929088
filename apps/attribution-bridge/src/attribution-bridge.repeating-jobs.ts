import type { AppConfig } from '@bridge/config';
import { repeating, type RepeatingJob } from '@bridge/queues';

export function attributionRepeatingJobs(config: AppConfig): RepeatingJob[] {
  const interval = config.INBOX_SWEEP_INTERVAL_MS;
  const matchSweep = interval * 6;
  return [
    // An event younger than two intervals probably still has its job.
    repeating('marketplace-event-sweep', 'marketplace-event.sweep', { every: interval }, { olderThanMs: interval * 2 }),
    // Lost matching jobs: imports stored but not matched.
    repeating('reconciliation-match-sweep', 'reconciliation.match-sweep', { every: matchSweep }, { olderThanMs: matchSweep * 2 }),
    // Keeps registrations' status true for people reading lists; credit never depends on it.
    repeating('deal-registration-expire-due', 'deal-registration.expire-due', { every: Math.max(interval, 60_000) }, {}),
    // The seller's data-feed bucket, when one is configured: the poller keeps its own place per object.
    ...(config.awsDataFeeds
      ? [repeating('reconciliation-feed-poll', 'reconciliation.feed-poll', { every: config.awsDataFeeds.pollIntervalMs }, {})]
      : []),
  ];
}
