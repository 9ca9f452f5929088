import type { z } from 'zod';
import { attributionJobs } from './contracts/attribution.jobs';
import { azureJobs } from './contracts/azure.jobs';
import { listingJobs } from './contracts/listing.jobs';
import { meteringJobs } from './contracts/metering.jobs';
import { offersJobs } from './contracts/offers.jobs';
import { reconciliationJobs } from './contracts/reconciliation.jobs';
import type { QueueName } from './queue-names';

/**
 * Every job the product runs: its queue, payload schema (checked by the
 * producer before enqueueing and by the worker before handling), id and
 * retry policy. Names are `<subject>.<event>` and never change. Each subject
 * keeps its jobs in a file of its own under contracts/.
 */
export const jobContracts = {
  ...attributionJobs,
  ...offersJobs,
  ...listingJobs,
  ...meteringJobs,
  ...reconciliationJobs,
  ...azureJobs,
} as const;

export type JobName = keyof typeof jobContracts;
export type JobData<N extends JobName> = z.infer<(typeof jobContracts)[N]['schema']>;

export const jobNamesOf = (queue: QueueName): JobName[] =>
  (Object.keys(jobContracts) as JobName[]).filter((name) => jobContracts[name].queue === queue);
