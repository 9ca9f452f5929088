import { z } from 'zod';
import { QueueName } from '../queue-names';
import { RetryPolicy } from '../retry-policies';
import { contract } from './job-contract';

/** Azure's subscription and operation ids are GUIDs; anything id-like is accepted, never a ':' (job ids). */
const azureId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an Azure id (letters, digits, dashes)');

/** Jobs of Azure SaaS webhook operations (consumed by attribution-bridge, on the attribution queue). */
export const azureJobs = {
  /**
   * A ChangePlan, ChangeQuantity or Reinstate the buyer started waits for the
   * publisher: acknowledge it (PATCH the operation with Success) once read back.
   */
  'azure-operation.acknowledge': contract({
    queue: QueueName.Attribution,
    schema: z.object({ subscriptionId: azureId, operationId: azureId }),
    jobId: (d) => `azure-operation-ack-${d.operationId}`,
    options: RetryPolicy.marketplaceEvent,
  }),
} as const;
