import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { JobProducer, QueueName } from '@bridge/queues';
import { OpsMetricsRepository } from './ops-metrics.repository';

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;
/** Completed jobs read per queue and scrape: enough for a 15 s scrape at the rates this product sees per queue. */
const COMPLETED_PER_SCRAPE = 1000;

/**
 * Prometheus metrics. Queue depths and job durations come from Redis and
 * the counts of metering outcomes and credit lines from PostgreSQL, so any
 * API process reports the whole system, wherever the workers run. Durations
 * are observed once per completed job: each scrape reads the jobs finished
 * since the previous one (BullMQ keeps completed jobs for an hour).
 *
 * Collection runs aggregates over whole tables, so it runs at most once per
 * METRICS_CACHE_SECONDS: scrapes in between (several Prometheus replicas, a
 * burst of requests) get the same rendering, and concurrent scrapes share one
 * collection in flight.
 */
@Injectable()
export class OpsMetrics {
  private readonly logger = new Logger(OpsMetrics.name);
  readonly registry = new Registry();
  private readonly lastFinished = new Map<string, number>();
  private readonly durations: Histogram<'queue' | 'job'>;
  private rendering: { at: number; body: Promise<Buffer> } | null = null;
  /** What the collection in flight has read so far, shared by the gauges it feeds. */
  private collecting: { meteredHours?: Promise<Awaited<ReturnType<OpsMetricsRepository['meteredHours']>>> } = {};

  constructor(
    private readonly producer: JobProducer,
    private readonly repository: OpsMetricsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'bridge_api_' });
    this.durations = new Histogram({
      name: 'bridge_job_duration_seconds',
      help: 'Time a job took from start to completion in a worker, by queue and job name',
      labelNames: ['queue', 'job'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [this.registry],
      // Runs as this metric is scraped, so the jobs finished by now are in this scrape.
      collect: () => Promise.all(Object.values(QueueName).map((queue) => this.observeCompleted(queue))).then(() => undefined),
    });
    // prom-client calls collect() with the metric as `this`; the collectors read through these.
    const queues = this.producer;
    const facts = this.repository;
    // Hours and attempts are two gauges of one scan of usage_hour: read once per collection.
    const meteredHours = () => (this.collecting.meteredHours ??= Promise.resolve(facts.meteredHours()));
    new Gauge({
      name: 'bridge_queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const queue of Object.values(QueueName)) {
          const counts = await queues.queue(queue).getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'bridge_metering_hours',
      help: 'Metered customer-dimension hours by outcome of the marketplace call (ACCEPTED, REJECTED, UNKNOWN) or still PENDING/SENDING',
      labelNames: ['result'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await meteredHours()) this.set({ result: row.status }, Number(row.hours));
      },
    });
    new Gauge({
      name: 'bridge_metering_send_attempts',
      help: 'Marketplace metering calls made for the hours in each outcome',
      labelNames: ['result'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await meteredHours()) this.set({ result: row.status }, Number(row.attempts));
      },
    });
    new Gauge({
      name: 'bridge_credit_lines_written',
      help: 'Partner credit ledger lines written, by source and currency (append-only, so this only grows)',
      labelNames: ['source', 'currency'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await facts.creditsWritten()) this.set({ source: row.source, currency: row.currency }, Number(row.lines));
      },
    });
  }

  /**
   * The collection as the bytes every scrape in the window is sent: encoded
   * once per collection, not once per scrape (Express turns a string body of
   * 1,000 characters or more into a new Buffer on every send).
   */
  async render(): Promise<{ contentType: string; body: Buffer }> {
    const now = Date.now();
    if (!this.rendering || now - this.rendering.at >= this.config.METRICS_CACHE_SECONDS * 1000) {
      this.collecting = {};
      const body = this.registry.metrics().then((text) => Buffer.from(text, 'utf8'));
      this.rendering = { at: now, body };
      // A failed collection is not served again: the next scrape collects afresh.
      body.catch(() => {
        if (this.rendering?.body === body) this.rendering = null;
      });
    }
    return { contentType: this.registry.contentType, body: await this.rendering.body };
  }

  /** Observes the durations of jobs completed since the last scrape (the completed set is ordered by finish time). */
  private async observeCompleted(queue: string): Promise<void> {
    try {
      const jobs = await this.producer.queue(queue as QueueName).getJobs(['completed'], 0, COMPLETED_PER_SCRAPE - 1, false);
      const since = this.lastFinished.get(queue) ?? 0;
      let newest = since;
      for (const job of jobs) {
        if (!job?.finishedOn || !job.processedOn || job.finishedOn <= since) continue;
        this.durations.observe({ queue, job: job.name }, (job.finishedOn - job.processedOn) / 1000);
        newest = Math.max(newest, job.finishedOn);
      }
      this.lastFinished.set(queue, newest);
    } catch (error) {
      this.logger.warn(`job durations of ${queue} not read: ${(error as Error).message}`);
    }
  }
}
