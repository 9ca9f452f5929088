import { BaseRpcContext } from '@nestjs/microservices';
import type { Job } from 'bullmq';

/**
 * What a job handler may ask of the job in hand (`@Ctx() context: JobContext`):
 * its id (the contract's business key) and which attempt this is. The BullMQ
 * job itself stays reachable for the rare handler that needs it.
 */
export class JobContext extends BaseRpcContext<[Job]> {
  constructor(job: Job) {
    super([job]);
  }

  getJob(): Job {
    return this.args[0];
  }

  get jobId(): string {
    return this.args[0].id ?? '';
  }

  /** 1 on the first delivery, 2 on the first retry... */
  get attempt(): number {
    return this.args[0].attemptsMade + 1;
  }
}
