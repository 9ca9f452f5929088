import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { APP_CONFIG, withCorrelation, type AppConfig } from '@bridge/config';
import { CORRELATION_KEY } from './job-producer.service';
import { JOB_HANDLER } from './job-handler.decorator';
import { buildHandlerRegistry, type BoundJobHandler, type DiscoveredHandler } from './job-handler.registry';
import { jobContracts, jobNamesOf, type JobName } from './job-contracts';
import type { QueueName } from './queue-names';
import { redisOptionsFromUrl } from './redis-connection.options';

export const CONSUMED_QUEUES = Symbol('CONSUMED_QUEUES');

export interface ConsumedQueue {
  queue: QueueName;
  concurrency: number;
}

/**
 * One BullMQ worker per consumed queue, branching on the job name to the one
 * method bound to it with @OnJob. A handler's error is rethrown so BullMQ
 * retries it; a payload that fails its schema can never succeed and is
 * failed at once (UnrecoverableError) instead of being retried.
 */
@Injectable()
export class JobWorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobWorkerHost.name);
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CONSUMED_QUEUES) private readonly consumed: ConsumedQueue[],
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    const registry = buildHandlerRegistry(
      this.consumed.map((c) => c.queue),
      this.discoverHandlers(),
    );
    for (const { queue, concurrency } of this.consumed) {
      if (jobNamesOf(queue).length === 0) continue; // nothing to run on this queue yet
      const worker = new Worker(queue, (job) => this.process(registry, job), {
        prefix: this.config.QUEUE_PREFIX,
        // BullMQ sets maxRetriesPerRequest: null on worker connections, so
        // a worker waits out a Redis restart and reconnects on its own.
        connection: redisOptionsFromUrl(this.config.REDIS_URL),
        concurrency,
      });
      worker.on('error', (error) => this.logger.warn(`worker ${queue}: ${error.message}`));
      worker.on('failed', (job, error) =>
        this.logger.warn(`job ${job?.name} ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`),
      );
      this.workers.push(worker);
    }
  }

  private async process(registry: Map<JobName, BoundJobHandler>, job: Job): Promise<unknown> {
    const name = job.name as JobName;
    const handler = registry.get(name);
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    const parsed = jobContracts[name].schema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid payload for "${job.name}": ${parsed.error.message}`);
    const correlationId = (job.data as Record<string, unknown>)?.[CORRELATION_KEY];
    return withCorrelation(typeof correlationId === 'string' ? correlationId : `job:${job.id}`, () =>
      handler(parsed.data, { jobId: job.id ?? '', attempt: job.attemptsMade + 1 }),
    );
  }

  private discoverHandlers(): DiscoveredHandler[] {
    const found: DiscoveredHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
        const name = fn && (Reflect.getMetadata(JOB_HANDLER, fn) as string | undefined);
        if (name) found.push({ name, owner: `${prototype.constructor.name}.${method}`, handler: fn.bind(instance) });
      }
    }
    return found;
  }

  /** Lets running jobs finish (graceful shutdown); unfinished ones are retried elsewhere. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers.length = 0;
  }
}
