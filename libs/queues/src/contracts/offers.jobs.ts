import { z } from 'zod';
import { QueueName } from '../queue-names';
import { RetryPolicy } from '../retry-policies';
import { contract } from './job-contract';

const changeSet = z.object({ changeSetId: z.string().uuid() });

/** Jobs of the private-offers queue: the catalog change sets of offers, resale authorizations and listings. */
export const offersJobs = {
  /** Sends a recorded change set (its id is the ClientRequestToken), once its entity is free. */
  'catalog-change.submit': contract({
    queue: QueueName.PrivateOffers,
    schema: changeSet,
    jobId: (d) => `catalog-change-submit-${d.changeSetId}`,
    options: RetryPolicy.catalogWrite,
  }),
  /** DescribeChangeSet polling: the fallback when the catalog's event does not come. */
  'catalog-change.follow': contract({
    queue: QueueName.PrivateOffers,
    schema: changeSet,
    jobId: (d) => `catalog-change-follow-${d.changeSetId}`,
    options: RetryPolicy.changeSetPoll,
  }),
  /** Re-queues change sets whose jobs were lost: unsent ones and ones still running. */
  'catalog-change.sweep': contract({
    queue: QueueName.PrivateOffers,
    schema: z.object({ olderThanMs: z.number().int().min(0) }),
    jobId: () => 'catalog-change-sweep',
    options: RetryPolicy.housekeeping,
  }),
  /** A marketplace event the attribution bridge has processed: change set finished, agreement made. */
  'offers.marketplace-event': contract({
    queue: QueueName.PrivateOffers,
    schema: z.object({ eventId: z.string().uuid() }),
    jobId: (d) => `offers-event-${d.eventId}`,
    options: RetryPolicy.marketplaceEvent,
  }),
  /** Co-sell: links a published offer to an AWS Partner Central opportunity. */
  'offer.link-opportunity': contract({
    queue: QueueName.PrivateOffers,
    schema: z.object({ offerId: z.string().uuid(), opportunityId: z.string().min(1).max(64), actor: z.string().min(1) }),
    jobId: (d) => `offer-link-opportunity-${d.offerId}-${d.opportunityId}`,
    options: RetryPolicy.marketplaceEvent,
  }),
} as const;
