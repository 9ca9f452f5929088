import { Queue, QueueEvents } from 'bullmq';
import { QueueName, redisOptionsFromUrl } from '@bridge/queues';
import { queryDatabase } from '@bridge/testing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const JOB = 'marketplace-event.received';

/**
 * Makes some marketplace-event jobs fail past their retries, as a
 * marketplace refusing DescribeAgreement for longer than a job keeps trying
 * would. The contract's own retries take an hour, so while the sandbox
 * fails every DescribeAgreement, the suite swaps a few jobs already retrying
 * for the same job (same id and data) allowed two quick attempts; once they
 * have failed for good, the sandbox's fault is lifted. Only the sweep can
 * deliver them again: the kept failed job makes any plain enqueue a no-op.
 */
export class PastRetries {
  /** Ids of jobs that failed past their retries. */
  readonly failed: string[] = [];
  /** How many retrying jobs were swapped for ones with two attempts. */
  swapped = 0;

  constructor(
    private readonly redisUrl: string,
    private readonly queuePrefix: string,
    private readonly sandboxUrl: string,
  ) {}

  async inflict(jobs: number, timeoutMs: number): Promise<void> {
    const queue = new Queue(QueueName.Attribution, { prefix: this.queuePrefix, connection: redisOptionsFromUrl(this.redisUrl) });
    queue.on('error', () => undefined);
    // A job's final failure is seen as it happens: the sweep may deliver it again at once, so its state will not stay "failed".
    const events = new QueueEvents(QueueName.Attribution, { prefix: this.queuePrefix, connection: redisOptionsFromUrl(this.redisUrl) });
    events.on('error', () => undefined);
    const failedForGood = new Set<string>();
    events.on('failed', ({ jobId }) => failedForGood.add(jobId));
    await events.waitUntilReady();
    await this.sandbox('POST', { operation: 'DescribeAgreement', kind: 'error5xx', count: 1_000_000 });
    try {
      const swapped: string[] = [];
      const deadline = Date.now() + timeoutMs;
      while (swapped.length < jobs && Date.now() < deadline) {
        // Waiting jobs as well as retrying ones, and deep: on a loaded machine hundreds of revenue batches may queue ahead of them.
        for (const job of await queue.getJobs(['delayed', 'wait'], 0, 999)) {
          if (swapped.length >= jobs) break;
          if (job.name !== JOB || !job.id || swapped.includes(job.id)) continue;
          try {
            await job.remove();
          } catch {
            continue; // a worker took it meanwhile
          }
          await queue.add(JOB, job.data, {
            jobId: job.id,
            // At the head of the queue: hundreds of jobs may be waiting, and its attempts must run while the fault lasts.
            lifo: true,
            attempts: 2,
            backoff: { type: 'fixed', delay: 200 },
            removeOnComplete: { age: 3600 },
            removeOnFail: { age: 3600 },
          });
          // A sweep may have queued it again in between: then the add was dropped and it is not ours.
          if ((await queue.getJob(job.id))?.opts.attempts === 2) swapped.push(job.id);
        }
        await sleep(100);
      }
      // Its second attempt queues behind whatever is waiting: give the backlog time to drain.
      const failDeadline = Date.now() + 2 * timeoutMs;
      while (Date.now() < failDeadline && !swapped.every((id) => failedForGood.has(id))) await sleep(100);
      this.swapped = swapped.length;
      this.failed.push(...swapped.filter((id) => failedForGood.has(id)));
    } finally {
      await this.sandbox('DELETE');
      await Promise.all([queue.close(), events.close()]);
    }
  }

  /** The marketplace agreement ids of the events whose jobs failed past their retries. */
  async agreementIds(databaseUrl: string): Promise<string[]> {
    const eventIds = this.failed.map((id) => id.slice('marketplace-event-'.length));
    const rows = await queryDatabase<{ agreement_id: string }>(
      databaseUrl,
      `SELECT payload->'detail'->'agreement'->>'id' AS agreement_id FROM marketplace_event WHERE id = ANY($1::uuid[])`,
      [eventIds],
    );
    // Two events of one agreement may both have failed: the agreement is judged once.
    return [...new Set(rows.map((r) => r.agreement_id))];
  }

  /**
   * How many of them a sweep delivered again and saw through: the swapped job
   * that failed for good is gone or replaced by one of the contract's own
   * options (only a sweep's requeue removes a failed job), and its event is processed.
   */
  async redelivered(databaseUrl: string): Promise<number> {
    const queue = new Queue(QueueName.Attribution, { prefix: this.queuePrefix, connection: redisOptionsFromUrl(this.redisUrl) });
    queue.on('error', () => undefined);
    try {
      const processed = new Set(
        (
          await queryDatabase<{ id: string }>(
            databaseUrl,
            `SELECT id FROM marketplace_event WHERE id = ANY($1::uuid[]) AND processed_at IS NOT NULL`,
            [this.failed.map((id) => id.slice('marketplace-event-'.length))],
          )
        ).map((r) => `marketplace-event-${r.id}`),
      );
      const jobs = await Promise.all(this.failed.map(async (id) => ({ id, job: await queue.getJob(id) })));
      return jobs.filter(({ id, job }) => processed.has(id) && (!job || job.opts.attempts !== 2)).length;
    } finally {
      await queue.close();
    }
  }

  private async sandbox(method: 'POST' | 'DELETE', body?: unknown): Promise<void> {
    await fetch(`${this.sandboxUrl}/_sandbox/faults`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
  }
}
