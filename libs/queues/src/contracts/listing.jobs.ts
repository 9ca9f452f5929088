import { z } from 'zod';
import { QueueName } from '../queue-names';
import { RetryPolicy } from '../retry-policies';
import { contract } from './job-contract';

/** Jobs of the listing-sync queue. */
export const listingJobs = {
  /** Imports what changed in a catalog since the last run (full: every entity); Azure reads every offer the product lists. */
  'listing.sync': contract({
    queue: QueueName.ListingSync,
    schema: z.object({ cloud: z.enum(['AWS', 'AZURE']), full: z.boolean().default(false) }),
    jobId: (d) => `listing-sync-${d.cloud.toLowerCase()}${d.full ? '-full' : ''}`,
    options: RetryPolicy.catalogSync,
  }),
  /** Pushes the product's edits of one listing back to its catalog as a change set. */
  'listing.push': contract({
    queue: QueueName.ListingSync,
    schema: z.object({ listingId: z.string().uuid(), actor: z.string().min(1) }),
    jobId: (d) => `listing-push-${d.listingId}`,
    options: RetryPolicy.catalogWrite,
  }),
  /** A listing's change set has finished: read the entity back and record the new agreed state. */
  'listing.change-set-finished': contract({
    queue: QueueName.ListingSync,
    schema: z.object({ listingId: z.string().uuid(), changeSetId: z.string().uuid() }),
    jobId: (d) => `listing-change-set-finished-${d.changeSetId}`,
    options: RetryPolicy.marketplaceEvent,
  }),
} as const;
