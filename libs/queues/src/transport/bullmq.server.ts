import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { isObservable, lastValueFrom } from 'rxjs';
import { withCorrelation, type AppConfig } from '@bridge/config';
import { CORRELATION_KEY } from './bullmq.client';
import { checkHandlers, discoveredHandlers } from '../job-handler.registry';
import { jobContracts, jobNamesOf, type JobName } from '../job-contracts';
import type { QueueName } from '../queue-names';
import { redisOptionsFromUrl } from '../redis-connection.options';
import { JobContext } from './bullmq.context';

export const BULLMQ_TRANSPORT = Symbol('BULLMQ_TRANSPORT');

export interface ConsumedQueue {
  queue: QueueName;
  concurrency: number;
}

type WorkerEvents = { error: (error: Error) => void };

/**
 * A Nest microservice transport over BullMQ: one BullMQ worker per consumed
 * queue, dispatching each job by its name to the `@OnJob` (`@EventPattern`)
 * handler Nest found for it. Before a worker starts, the handlers are checked
 * against the job contracts (one per job, nothing unknown), so a miswired app
 * refuses to start. A payload that fails its schema can never succeed and is
 * failed at once (UnrecoverableError); a handler's error goes back to BullMQ,
 * which retries it by the job's policy. Closing lets running jobs finish.
 */
export class BullMqServer extends Server<WorkerEvents> implements CustomTransportStrategy {
  override readonly transportId = BULLMQ_TRANSPORT;
  private readonly workers: Worker[] = [];
  private readonly listeners: Partial<WorkerEvents> = {};
  private readonly log = new Logger(BullMqServer.name);
  private consumed: ConsumedQueue[] = [];

  constructor(private readonly config: AppConfig) {
    super();
  }

  /** The queues to consume, as the app's module declares them (`QueueWorkersModule.forQueues`); set before `listen`. */
  consume(queues: ConsumedQueue[]): this {
    this.consumed = queues;
    return this;
  }

  listen(callback: (error?: unknown) => void): void {
    try {
      checkHandlers(
        this.consumed.map((c) => c.queue),
        discoveredHandlers(this.getHandlers()),
      );
    } catch (error) {
      callback(error);
      return;
    }
    for (const { queue, concurrency } of this.consumed) {
      if (jobNamesOf(queue).length === 0) continue; // nothing to run on this queue yet
      const worker = new Worker(queue, (job) => this.process(job), {
        prefix: this.config.QUEUE_PREFIX,
        // BullMQ sets maxRetriesPerRequest: null on worker connections, so
        // a worker waits out a Redis restart and reconnects on its own.
        connection: redisOptionsFromUrl(this.config.REDIS_URL),
        concurrency,
      });
      worker.on('error', (error) => {
        this.log.warn(`worker ${queue}: ${error.message}`);
        this.listeners.error?.(error);
      });
      worker.on('failed', (job, error) =>
        this.log.warn(`job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`),
      );
      this.workers.push(worker);
    }
    callback();
  }

  private async process(job: Job): Promise<unknown> {
    const name = job.name as JobName;
    const handler = this.getHandlerByPattern(name);
    if (!handler || !(name in jobContracts)) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    const parsed = jobContracts[name].schema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid payload for "${job.name}": ${parsed.error.message}`);
    const correlationId = (job.data as Record<string, unknown> | undefined)?.[CORRELATION_KEY];
    return withCorrelation(typeof correlationId === 'string' ? correlationId : `job:${job.id}`, async () => {
      const result: unknown = await handler(parsed.data, new JobContext(job));
      // Nest hands back an Observable when the handler (or a filter) does: its error is the job's.
      return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
    });
  }

  /** Lets running jobs finish (graceful shutdown); unfinished ones are retried elsewhere. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers.length = 0;
  }

  on<K extends keyof WorkerEvents>(event: K, callback: WorkerEvents[K]): void {
    this.listeners[event] = callback;
  }

  unwrap<T>(): T {
    return this.workers as T;
  }
}
