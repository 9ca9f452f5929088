import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { lastValueFrom } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { jobContracts, type JobData, type JobName } from './job-contracts';
import type { QueueName } from './queue-names';
import { BullMqClient, InvalidJobPayloadError, JobBatch } from './transport/bullmq.client';

export { CORRELATION_KEY, InvalidJobPayloadError } from './transport/bullmq.client';

/** The BullMQ transport's client (a Nest ClientProxy), one per process. */
export const JOBS_CLIENT = Symbol('JOBS_CLIENT');

/**
 * The typed face of the BullMQ transport's client for producers: enqueues
 * jobs by name with their contract's payload type, delivers lost work again
 * for the sweeps, and declares the repeating jobs.
 */
@Injectable()
export class JobProducer implements OnApplicationShutdown {
  /** The repeating jobs this process declared, by scheduler id: what it puts back should Redis lose them. */
  private readonly schedules = new Map<string, { queue: Queue; declare: () => Promise<unknown> }>();
  private scheduleCheck?: NodeJS.Timeout;

  private readonly logger = new Logger(JobProducer.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOBS_CLIENT) private readonly client: BullMqClient,
  ) {}

  async enqueue<N extends JobName>(name: N, data: JobData<N>, options: { delayMs?: number } = {}): Promise<void> {
    await this.enqueueMany(name, [data], options);
  }

  async enqueueMany<N extends JobName>(name: N, items: JobData<N>[], options: { delayMs?: number } = {}): Promise<void> {
    if (items.length === 0) return;
    await lastValueFrom(this.client.emit(name, new JobBatch<N>(items, options)), { defaultValue: undefined });
  }

  /**
   * What a sweep calls to deliver again work the database says is not done.
   * BullMQ ignores an add whose id exists in any state, and a failed job is
   * kept for days (so that a repeat is dropped), so a plain enqueue after a
   * job exhausted its retries would deliver nothing. A job that has finished
   * (failed, or completed before the work it stood for was done) is removed
   * first; one still waiting, delayed or running is the delivery, and the add
   * is dropped by its id as ever.
   */
  async requeueMany<N extends JobName>(name: N, items: JobData<N>[]): Promise<void> {
    if (items.length === 0) return;
    const queue = this.queue(jobContracts[name].queue);
    const jobs = this.client.jobsOf(name, new JobBatch<N>(items));
    await Promise.all(
      jobs.map(async ({ opts }) => {
        const state = await queue.getJobState(opts.jobId);
        if (state === 'failed' || state === 'completed') await queue.remove(opts.jobId);
      }),
    );
    await queue.addBulk(jobs);
  }

  /**
   * Declares a repeating job (`every` ms, or a cron `pattern` in UTC). It is a
   * BullMQ job scheduler upserted by its id, so every process of an app may
   * declare it and Redis still holds one. The payload is validated like any job's.
   *
   * The declaration lives in Redis, and Redis may lose it (a restart without
   * persistence, a failover to an empty replica) while every process keeps
   * running: the sweeps that deliver lost jobs again would then never run.
   * So the process checks its schedulers every SCHEDULE_CHECK_INTERVAL_MS and
   * declares again any that is gone (a check, not a blind upsert, which would
   * move a scheduler's next run).
   */
  async schedule<N extends JobName>(
    schedulerId: string,
    name: N,
    when: { every: number } | { pattern: string },
    data: JobData<N>,
  ): Promise<void> {
    const contract = jobContracts[name];
    const parsed = contract.schema.safeParse(data);
    if (!parsed.success) throw new InvalidJobPayloadError(name, parsed.error.message);
    const repeat = 'every' in when ? { every: when.every } : { pattern: when.pattern, tz: 'UTC' };
    const queue = this.queue(contract.queue);
    const declare = () => queue.upsertJobScheduler(schedulerId, repeat, { name, data: parsed.data as JobData<N>, opts: contract.options });
    await declare();
    this.schedules.set(schedulerId, { queue, declare });
    this.scheduleCheck ??= setInterval(() => void this.redeclareLostSchedules(), this.config.SCHEDULE_CHECK_INTERVAL_MS).unref();
  }

  /** Stops a repeating job this process declared: removed from Redis, and no longer declared again. */
  async unschedule(schedulerId: string): Promise<void> {
    const schedule = this.schedules.get(schedulerId);
    this.schedules.delete(schedulerId);
    if (schedule) await schedule.queue.removeJobScheduler(schedulerId);
  }

  /** Declares again each of this process's schedulers that Redis no longer holds; with Redis away, the next check tries again. */
  async redeclareLostSchedules(): Promise<string[]> {
    const redeclared: string[] = [];
    for (const [schedulerId, { queue, declare }] of this.schedules) {
      try {
        if (await queue.getJobScheduler(schedulerId)) continue;
        await declare();
        redeclared.push(schedulerId);
      } catch {
        // Redis unreachable: the next check tries again.
      }
    }
    if (redeclared.length) this.logger.warn(`Redis had lost the schedulers ${redeclared.join(', ')}: declared again`);
    return redeclared;
  }

  /** The queue itself, for the ops pages. */
  queue(name: QueueName): Queue {
    return this.client.queue(name);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.scheduleCheck);
    this.schedules.clear();
    await this.client.close();
  }
}
