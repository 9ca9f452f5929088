import { ClientProxy, type ReadPacket } from '@nestjs/microservices';
import { Queue } from 'bullmq';
import { currentCorrelationId, type AppConfig } from '@bridge/config';
import { jobContracts, type JobData, type JobName } from '../job-contracts';
import type { QueueName } from '../queue-names';
import { redisOptionsFromUrl } from '../redis-connection.options';

/** The job data key that carries the correlation id of the work that enqueued it. */
export const CORRELATION_KEY = '_correlationId';

export class InvalidJobPayloadError extends Error {
  constructor(name: string, issues: string) {
    super(`payload of job "${name}" is invalid: ${issues}`);
    this.name = 'InvalidJobPayloadError';
  }
}

/** What `emit` takes to add several jobs of one name in one round trip, or to delay them (like Nest's RmqRecord). */
export class JobBatch<N extends JobName = JobName> {
  constructor(
    readonly items: JobData<N>[],
    readonly options: { delayMs?: number } = {},
  ) {}
}

/**
 * The producers' side of the BullMQ transport, a Nest ClientProxy:
 * `emit(jobName, payload | JobBatch)` validates every payload against its
 * job's contract (a bad job is refused at its source, not failed later in a
 * worker) and adds it under the contract's business-key id with the
 * contract's retry policy. Jobs are events: `send` (request and reply) is
 * refused. The connection does not queue commands while Redis is away
 * (BullMQ's advice for producers): the caller learns at once that the job
 * was not taken.
 */
export class BullMqClient extends ClientProxy {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly config: AppConfig) {
    super();
  }

  async connect(): Promise<void> {
    // Queues connect lazily, one per queue name, on first use.
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }

  unwrap<T>(): T {
    return this.queues as T;
  }

  protected publish(): () => void {
    throw new Error('jobs are events: use emit(), nobody answers a job');
  }

  protected async dispatchEvent<T = undefined>(packet: ReadPacket): Promise<T> {
    const name = packet.pattern as JobName;
    if (!(name in jobContracts)) throw new InvalidJobPayloadError(String(packet.pattern), 'no such job');
    const batch = packet.data instanceof JobBatch ? (packet.data as JobBatch) : new JobBatch([packet.data as JobData<JobName>]);
    if (batch.items.length > 0) await this.queue(jobContracts[name].queue).addBulk(this.jobsOf(name, batch));
    return undefined as T; // an event has no answer
  }

  /** The jobs BullMQ is given for a batch: validated, keyed by the contract, the correlation id beside the payload. */
  jobsOf<N extends JobName>(name: N, batch: JobBatch<N>) {
    const contract = jobContracts[name];
    return batch.items.map((data) => {
      const parsed = contract.schema.safeParse(data);
      if (!parsed.success) throw new InvalidJobPayloadError(name, parsed.error.message);
      const payload = parsed.data as JobData<N>;
      const jobId = (contract.jobId as (d: JobData<N>) => string)(payload);
      // Beside the payload, not in it: the worker restores it around the handler, the schema never sees it.
      const correlationId = currentCorrelationId();
      return {
        name,
        data: correlationId ? { ...payload, [CORRELATION_KEY]: correlationId } : payload,
        opts: { ...contract.options, jobId, ...(batch.options.delayMs ? { delay: batch.options.delayMs } : {}) },
      };
    });
  }

  /** The queue itself: for schedulers, redelivery and the ops pages. */
  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        prefix: this.config.QUEUE_PREFIX,
        connection: { ...redisOptionsFromUrl(this.config.REDIS_URL), enableOfflineQueue: false },
      });
      queue.on('error', () => undefined); // surfaced to the caller of add(); avoid an unhandled 'error' event
      this.queues.set(name, queue);
    }
    return queue;
  }
}
