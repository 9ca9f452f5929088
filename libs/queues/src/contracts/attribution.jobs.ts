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
} as const;
