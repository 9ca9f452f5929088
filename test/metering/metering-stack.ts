import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@bridge/config';
import { Queue } from 'bullmq';
import { bootstrapWorker, QueueName, redisOptionsFromUrl } from '@bridge/queues';
import { eventually, queryDatabase, resetDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { MeteringTickService } from '../../apps/metering/src/hours/metering-tick.service';
import { MeteringModule } from '../../apps/metering/src/metering.module';
import { call } from '../http-client';

export const ADMIN_KEY = 'e2e-admin-key-metering-0123456789';
export const PRODUCT_A = 'prodcode-a';
export const PRODUCT_B = 'prodcode-b';
const HOUR_MS = 3_600_000;
/** How far the API's reading of the sandbox clock may be from the clock itself: a request's round trip, on a busy machine. */
const CLOCK_READING_TOLERANCE_MS = 1_000;

/** Settings that make metering fast to observe: frequent ticks, no settle delay, short claims, the sandbox's clock. */
export const meteringSettings = (overrides: Record<string, string> = {}) => ({
  BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY,
  METERING_CLOCK: 'marketplace-sandbox',
  METERING_TICK_MS: '300',
  METERING_SETTLE_SECONDS: '0',
  METERING_CLAIM_SECONDS: '3',
  ...overrides,
});

/**
 * The product against the sandbox (API + attribution bridge in process),
 * with the metering worker started and stopped by each test: in process,
 * or as a child process that a test can SIGKILL.
 */
export class MeteringStack {
  stack!: ProductStack;
  private worker: INestApplicationContext | null = null;

  get config(): AppConfig {
    return this.stack.config;
  }

  async start(overrides: Record<string, string> = {}): Promise<this> {
    this.stack = await startProductStack(await testConfig(meteringSettings(overrides)));
    return this;
  }

  async stop(): Promise<void> {
    await this.stopWorker();
    await this.stack.stop();
  }

  async startWorker(): Promise<void> {
    this.worker ??= await bootstrapWorker(MeteringModule.forRoot(this.config), this.config);
  }

  async stopWorker(): Promise<void> {
    await this.worker?.close();
    this.worker = null;
  }

  /** `node dist/apps/metering/src/main.js` with this stack's settings (run `npm run build` first). */
  spawnWorker(): ChildProcess {
    const c = this.config;
    const env = {
      ...process.env,
      DATABASE_URL: c.DATABASE_URL,
      REDIS_URL: c.REDIS_URL,
      QUEUE_PREFIX: c.QUEUE_PREFIX,
      SANDBOX_PORT: String(c.SANDBOX_PORT),
      SANDBOX_ENTRA_PORT: String(c.SANDBOX_ENTRA_PORT),
      PORT: String(c.PORT),
      LOG_LEVEL: 'warn',
      ...meteringSettings(),
    };
    return spawn(process.execPath, [path.join(__dirname, '../../dist/apps/metering/src/main.js')], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }

  /** Empty database and sandbox, the admin key, the sandbox clock at `now` (running). */
  async reset(now: Date): Promise<void> {
    await resetDatabase(this.config.DATABASE_URL);
    await this.sandbox('POST', '/_sandbox/reset');
    await this.sandbox('POST', '/_sandbox/events/config', { enabled: false });
    await this.sql(
      `INSERT INTO api_key (id, name, key_hash, prefix, role) VALUES (gen_random_uuid(), 'admin', encode(sha256($1::bytea), 'hex'), 'e2e', 'ADMIN')`,
      [ADMIN_KEY],
    );
    await this.setClock(now);
  }

  /**
   * Moves the sandbox clock (running from `now`) and waits until the API's
   * metering clock reads the new time (the product reuses a reading of the
   * sandbox's clock for a moment), so the next call already sees it. A
   * metering worker started afterwards reads the clock afresh.
   */
  async setClock(now: Date): Promise<void> {
    const movedAt = Date.now();
    await this.sandbox('POST', '/_sandbox/clock', { now: now.toISOString(), running: true });
    await eventually(async () => {
      const seen = Date.parse((await this.api<{ now: string }>('GET', '/v1/usage/alerts')).body.now);
      // The sandbox's clock has run on since it was set; a stale reading is hours or days away.
      expect(Math.abs(seen - (now.getTime() + Date.now() - movedAt))).toBeLessThan(CLOCK_READING_TOLERANCE_MS);
    });
  }

  /**
   * Runs one whole metering tick in the in-process worker (waiting for one
   * already running), so a test can assert what a tick did or did not do.
   */
  async tick(): Promise<void> {
    if (!this.worker) throw new Error('start the worker first');
    await this.worker.get(MeteringTickService).tick(true);
  }

  /**
   * Metered-revenue batches the attribution bridge has yet to finish. The
   * metering worker queues a batch before it marks its hours published, so
   * once they are marked and none is pending, every batch has been credited.
   */
  async pendingRevenueBatches(): Promise<number> {
    const queue = new Queue(QueueName.Attribution, {
      prefix: this.config.QUEUE_PREFIX,
      connection: redisOptionsFromUrl(this.config.REDIS_URL),
    });
    try {
      const unfinished = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized']);
      return unfinished.filter((job) => job.name === 'usage-revenue.recorded').length;
    } finally {
      await queue.close();
    }
  }

  /** A listing with public prices per dimension, as listing-sync would store it. */
  async listing(productCode: string, prices: Record<string, string>): Promise<void> {
    const [{ id }] = await this.sql<{ id: string }>(
      `INSERT INTO listing (id, cloud, product_id, product_code, title, updated_at) VALUES (gen_random_uuid(), 'AWS', $1, $1, $1, now()) RETURNING id`,
      [productCode],
    );
    for (const [key, price] of Object.entries(prices)) {
      await this.sql(
        `INSERT INTO listing_dimension (id, listing_id, key, name, unit, unit_price, currency) VALUES (gen_random_uuid(), $1, $2, $2, 'unit', $3, 'USD')`,
        [id, key, price],
      );
    }
  }

  /** A buyer subscribed in the sandbox and registered for metering in the product. */
  async awsCustomer(
    accountId: string,
    productCode: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ subscriptionId: string; licenseArn: string }> {
    const licenseArn = `arn:aws:license-manager::294406891311:license:l-${accountId}${productCode.replace(/[^a-z0-9]/g, '')}`;
    const created = await this.sandbox('POST', '/_sandbox/aws/customers', { customerAWSAccountId: accountId, productCode, licenseArn });
    if (created.status !== 201) throw new Error(`sandbox customer: ${JSON.stringify(created.body)}`);
    const registered = await this.api<{ id: string }>('POST', '/v1/usage/subscriptions', {
      cloud: 'AWS',
      customerAwsAccountId: accountId,
      licenseArn,
      productCode,
      startedAt: new Date(Date.now() - 48 * HOUR_MS).toISOString(),
      ...extra,
    });
    if (registered.status !== 201) throw new Error(`registration: ${JSON.stringify(registered.body)}`);
    return { subscriptionId: registered.body.id, licenseArn };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by each test's assertions
  api<T = any>(method: string, route: string, body?: unknown) {
    return call<T>(method, `${this.stack.apiUrl}${route}`, { key: ADMIN_KEY, body });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by each test's assertions
  sandbox<T = any>(method: string, route: string, body?: unknown) {
    return call<T>(method, `${this.stack.sandboxUrl}${route}`, { body });
  }

  async ledger(cloud = 'aws'): Promise<LedgerEntry[]> {
    return (await this.sandbox<{ entries: LedgerEntry[] }>('GET', `/_sandbox/ledger?cloud=${cloud}`)).body.entries;
  }

  async meteringCalls(operation = 'BatchMeterUsage'): Promise<Record<string, number>> {
    const stats = await this.sandbox<{ calls: Record<string, Record<string, number>> }>('GET', '/_sandbox/stats');
    return stats.body.calls[operation] ?? {};
  }

  sql<T extends Record<string, unknown> = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
    return queryDatabase<T>(this.config.DATABASE_URL, text, values);
  }
}

export interface LedgerEntry {
  customer: Record<string, string>;
  product: string;
  dimension: string;
  hour: string;
  quantity: number;
  timesRecorded: number;
  identicalResends: number;
  conflictingResends: number;
}

/** Start of the UTC hour `hoursAgo` before `now`. */
export const hourAgo = (now: Date, hoursAgo: number) => new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - hoursAgo * HOUR_MS);

export const usageRecord = (key: string, accountId: string, licenseArn: string, dimension: string, at: Date, quantity: number) => ({
  idempotencyKey: key,
  customerAwsAccountId: accountId,
  licenseArn,
  dimension,
  quantity,
  timestamp: at.toISOString(),
});
