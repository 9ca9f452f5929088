import { z } from 'zod';
import { QueueName } from '../queue-names';
import { RetryPolicy } from '../retry-policies';
import { contract } from './job-contract';

/** Jobs of the attribution queue (consumed by attribution-bridge). */
export const attributionJobs = {
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
  /** A batch of stored revenue events to credit together (one transaction per batch). */
  'revenue-events.received': contract({
    queue: QueueName.Attribution,
    schema: z.object({ eventIds: z.array(z.string().uuid()).min(1).max(5000), sweptAt: z.number().int().optional() }),
    // A sweep or a deferral re-queues under a new id: the earlier job may still hold the old one.
    jobId: (d) => `revenue-events-${d.eventIds[0]}-${d.eventIds.length}${d.sweptAt ? `-swept-${d.sweptAt}` : ''}`,
    options: RetryPolicy.marketplaceEvent,
  }),
  /** Credit an agreement again from what is stored: after sales ops settle its conflict (one request of the settlement's outbox). */
  'agreement.recredit': contract({
    queue: QueueName.Attribution,
    schema: z.object({
      // Absent from jobs queued before settlements had an outbox (and still in Redis at the upgrade): they credit again without a request to mark.
      recreditId: z.string().uuid().optional(),
      agreementId: z.string().uuid(),
      reason: z.string().min(1).max(500),
    }),
    // Per request, not per agreement: a second settlement must run again, a redelivered request must not.
    jobId: (d) => (d.recreditId ? `agreement-recredit-${d.recreditId}` : `agreement-recredit-${d.agreementId}-unrequested`),
    options: RetryPolicy.marketplaceEvent,
  }),
  /** Marks registrations past their expiry as EXPIRED (the rules already ignore them after expiry). */
  'deal-registration.expire-due': contract({
    queue: QueueName.Attribution,
    schema: z.object({}),
    jobId: () => 'deal-registration-expire-due',
    options: RetryPolicy.housekeeping,
  }),
} as const;
