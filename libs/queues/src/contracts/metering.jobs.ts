import { z } from 'zod';
import { QueueName } from '../queue-names';
import { RetryPolicy } from '../retry-policies';
import { contract } from './job-contract';

/** One accepted usage hour's revenue: quantity x the buyer's price, in minor units. */
export const usageRevenueEventSchema = z.object({
  usageHourId: z.string().uuid(),
  cloud: z.enum(['AWS', 'AZURE', 'GCP']),
  /** The buyer's cloud account (AWS account id or Azure subscription/resource id). */
  customerAccountId: z.string().min(1),
  productId: z.string().min(1).nullable(),
  listingId: z.string().uuid().nullable(),
  marketplaceAgreementId: z.string().min(1).nullable(),
  dimension: z.string().min(1),
  hour: z.iso.datetime(),
  quantity: z.string().regex(/^\d+$/),
  amountMinor: z.string().regex(/^\d+$/),
  currency: z.string().length(3),
});
export type UsageRevenueEvent = z.infer<typeof usageRevenueEventSchema>;

/**
 * Jobs of metering. The tick and the flush run on the metering queue; the
 * revenue of accepted hours goes, hundreds of hours per job, to the
 * attribution queue (consumed by attribution-bridge).
 */
export const meteringJobs = {
  /** Aggregate, freeze due hours, send them, publish revenue: one scheduler, every METERING_TICK_MS. */
  'metering.tick': contract({
    queue: QueueName.Metering,
    schema: z.object({}),
    jobId: () => 'metering-tick',
    options: RetryPolicy.housekeeping,
  }),
  /** unsubscribe-pending: freeze and send everything of the subscription now, its current hour included. */
  'metering.flush-subscription': contract({
    queue: QueueName.Metering,
    schema: z.object({ subscriptionId: z.string().uuid() }),
    jobId: (d) => `metering-flush-${d.subscriptionId}`,
    options: RetryPolicy.meteringFlush,
  }),
  'usage-revenue.recorded': contract({
    queue: QueueName.Attribution,
    schema: z.object({ batchId: z.string().uuid(), events: z.array(usageRevenueEventSchema).min(1).max(1000) }),
    jobId: (d) => `usage-revenue-${d.batchId}`,
    options: RetryPolicy.usageRevenue,
  }),
} as const;
