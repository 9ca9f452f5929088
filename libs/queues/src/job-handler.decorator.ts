import { EventPattern } from '@nestjs/microservices';
import type { JobName } from './job-contracts';

/** Where the start-up check finds who handles a job: kept in the handler's pattern extras. */
export const JOB_HANDLER_OWNER = 'jobHandlerOwner';

/**
 * Nest's `@EventPattern`, typed to the job contracts: binds a controller
 * method of a worker app to a job name. The BullMQ transport hands the method
 * the payload already validated against the job's schema (`@Payload()`), and
 * the job's id and attempt (`@Ctx() context: JobContext`), never the raw
 * BullMQ job, so business code stays free of the queue.
 */
export const OnJob =
  (name: JobName): MethodDecorator =>
  (target, key, descriptor) =>
    EventPattern(name, { [JOB_HANDLER_OWNER]: `${target.constructor.name}.${String(key)}` })(target, key, descriptor);
