import { z } from 'zod';
import { QueueName } from '../queue-names';
import { RetryPolicy } from '../retry-policies';
import { contract } from './job-contract';

/** Jobs of finance reconciliation (consumed by attribution-bridge, on the attribution queue). */
export const reconciliationJobs = {
  /** A feed's rows are stored (by the API's upload): match the items it touched. */
  'reconciliation.import-stored': contract({
    queue: QueueName.Attribution,
    schema: z.object({ importId: z.string().uuid() }),
    jobId: (d) => `reconciliation-match-${d.importId}`,
    options: RetryPolicy.reconciliationMatch,
  }),
  /** Re-queues imports whose rows are stored but whose matching job was lost (Redis restarted). */
  'reconciliation.match-sweep': contract({
    queue: QueueName.Attribution,
    schema: z.object({ olderThanMs: z.number().int().min(0) }),
    jobId: () => 'reconciliation-match-sweep',
    options: RetryPolicy.housekeeping,
  }),
  /**
   * An agreement was recorded or changed, or its offer linked (private
   * offers queues it then): the UNMATCHED items it would match, and the
   * items matched to it, are judged again. One job per agreement, so repeats
   * queued while one waits collapse.
   */
  'reconciliation.agreement-recorded': contract({
    queue: QueueName.Attribution,
    schema: z.object({ agreementId: z.string().uuid() }),
    jobId: (d) => `reconciliation-rejudge-${d.agreementId}`,
    options: RetryPolicy.reconciliationRejudge,
  }),
  /** Reads what was appended to the seller's data-feed bucket since the last poll and imports it. */
  'reconciliation.feed-poll': contract({
    queue: QueueName.Attribution,
    schema: z.object({}),
    jobId: () => 'reconciliation-feed-poll',
    options: RetryPolicy.housekeeping,
  }),
} as const;
