import type { AppConfig } from '@bridge/config';
import { repeating, type RepeatingJob } from '@bridge/queues';

/** The metering tick: one in Redis however many metering processes run. */
export const meteringRepeatingJobs = (config: AppConfig): RepeatingJob[] => [
  repeating('metering-tick', 'metering.tick', { every: config.METERING_TICK_MS }, {}),
];
