import type { AppConfig } from '@bridge/config';
import { repeating, type RepeatingJob } from '@bridge/queues';

/** The scheduled, incremental catalog import, plus a full one daily (public offer prices, anything the incremental pass cannot see). */
export const listingSyncRepeatingJobs = (config: AppConfig): RepeatingJob[] => [
  repeating('listing-sync-aws', 'listing.sync', { every: config.LISTING_SYNC_INTERVAL_MS }, { cloud: 'AWS', full: false }),
  repeating('listing-sync-aws-full', 'listing.sync', { pattern: '17 3 * * *' }, { cloud: 'AWS', full: true }),
  repeating('listing-sync-azure', 'listing.sync', { every: config.LISTING_SYNC_INTERVAL_MS }, { cloud: 'AZURE', full: false }),
];
