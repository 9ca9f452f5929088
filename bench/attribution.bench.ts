/**
 * npm run bench:attribution
 *
 * Starts the API and the attribution bridge as their own processes on a
 * fresh database, and measures in one run:
 *  1. the raw BullMQ produce-and-consume rate on this machine (no-op jobs);
 *  2. throughput: 200,000 purchase, usage and refund events sent over HTTP
 *     (batches of 1,000, a tenth of them delivered twice), until every one
 *     is credited;
 *  3. latency: a steady 1,000 events/s for 15 s, event sent to credit written;
 *  4. exactly once: every event credits exactly the partner the bench's own
 *     world says it must (reseller, else registered GSI, else nobody), its
 *     whole amount (half back for a refund), whatever was delivered twice.
 * Prints its figures; the last line is one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { loadConfig } from '@bridge/config';
import { redisOptionsFromUrl } from '@bridge/queues';
import {
  AppProcess,
  checkCreditsPerPartner,
  creditsExact,
  deleteQueueKeys,
  describeCreditCheck,
  freePort,
  queryDatabase,
  waitUntilHealthy,
} from '@bridge/testing';
import { BenchWorld } from './support/bench-world';
import { prepareBenchDatabase } from './support/bench-database';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const BATCH = 1000;
const LATENCY_RATE = 1000;
const LATENCY_SECONDS = 15;
const ADMIN_KEY = `bench-admin-${randomBytes(12).toString('hex')}`;

async function rawBullmqRate(redisUrl: string, jobs: number): Promise<number> {
  const prefix = `bench-raw-${randomBytes(4).toString('hex')}`;
  const connection = redisOptionsFromUrl(redisUrl);
  const queue = new Queue('raw', { prefix, connection });
  let done = 0;
  const finished = new Promise<void>((resolve, reject) => {
    const worker = new Worker('raw', async () => undefined, { prefix, connection, concurrency: 50 });
    worker.on('completed', () => {
      done += 1;
      // Settles `finished`, which is awaited below, so a failed close fails the run instead of hanging it.
      if (done === jobs) void worker.close().then(resolve, reject);
    });
  });
  const started = Date.now();
  for (let i = 0; i < jobs; i += BATCH) {
    await queue.addBulk(
      Array.from({ length: Math.min(BATCH, jobs - i) }, (_, j) => ({ name: 'raw', data: { n: i + j }, opts: { removeOnComplete: true } })),
    );
  }
  await finished;
  const rate = jobs / ((Date.now() - started) / 1000);
  await queue.close();
  await deleteQueueKeys(redisUrl, prefix);
  return rate;
}

async function post(apiUrl: string, events: object[]): Promise<void> {
  const response = await fetch(`${apiUrl}/v1/revenue-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify({ events }),
  });
  if (response.status !== 202) throw new Error(`revenue events refused: ${response.status} ${await response.text()}`);
}

async function untilAllCredited(databaseUrl: string, expected: number, app: AppProcess): Promise<void> {
  for (;;) {
    const [row] = await queryDatabase<{ total: string; pending: string }>(
      databaseUrl,
      'SELECT count(*) AS total, count(*) FILTER (WHERE processed_at IS NULL) AS pending FROM revenue_event',
    );
    if (Number(row.total) >= expected && row.pending === '0') return;
    if (!app.running) throw new Error(`attribution bridge died:\n${app.logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bridge_bench';
  const base = loadConfig();
  await prepareBenchDatabase(databaseUrl);
  const port = await freePort();
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: base.REDIS_URL,
    QUEUE_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
    PORT: String(port),
    BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '20',
    API_RATE_LIMIT_PER_KEY: '1000000',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const apiUrl = `http://127.0.0.1:${port}`;
  const api = new AppProcess('api', env).start();
  const bridge = new AppProcess('attribution-bridge', env).start();
  try {
    await waitUntilHealthy(`${apiUrl}/health`, api);
    const world = await BenchWorld.seed(databaseUrl);
    console.log(`seeded ${world.describe()}`);

    const raw = await rawBullmqRate(base.REDIS_URL, EVENTS);
    console.log(`raw BullMQ produce-and-consume: ${raw.toFixed(0)} jobs/s`);

    // Throughput: 200k events, 4 requests in flight, every tenth batch sent twice at once.
    const batches = world.throughputBatches(EVENTS, BATCH);
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < batches.length) {
          const index = next++;
          await post(apiUrl, batches[index]);
          if (index % 10 === 0) await Promise.all([post(apiUrl, batches[index]), post(apiUrl, batches[index])]);
        }
      }),
    );
    const sentSeconds = (Date.now() - started) / 1000;
    await untilAllCredited(databaseUrl, EVENTS, bridge);
    const seconds = (Date.now() - started) / 1000;
    const eventsPerSecond = EVENTS / seconds;
    console.log(
      `throughput: ${EVENTS} events sent in ${sentSeconds.toFixed(1)} s, all credited in ${seconds.toFixed(1)} s = ${eventsPerSecond.toFixed(0)} events/s`,
    );

    // Latency at a steady 1,000 events/s: a batch of 100 every 100 ms.
    const sentAt = new Map<string, number>();
    const perTick = LATENCY_RATE / 10;
    const ticks = LATENCY_SECONDS * 10;
    const latencyStart = Date.now();
    const posts: Promise<void>[] = [];
    for (let tick = 0; tick < ticks; tick++) {
      const due = latencyStart + tick * 100;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      const events = world.channelPurchases(perTick, `lat-${tick}`);
      const now = Date.now();
      for (const e of events) sentAt.set(e.eventId, now);
      posts.push(post(apiUrl, events));
    }
    await Promise.all(posts);
    await untilAllCredited(databaseUrl, EVENTS + ticks * perTick, bridge);
    const credited = await queryDatabase<{ external_id: string; at: Date }>(
      databaseUrl,
      `SELECT e.external_id, min(c.created_at) AS at FROM revenue_event e JOIN partner_credit c ON c.revenue_event_id = e.id
       WHERE e.external_id LIKE 'lat-%' GROUP BY e.external_id`,
    );
    const latencies = credited.map((r) => new Date(r.at).getTime() - (sentAt.get(r.external_id) ?? 0)).sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    console.log(
      `latency at ${LATENCY_RATE}/s over ${LATENCY_SECONDS}s: ${latencies.length} credited, p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${latencies.at(-1)} ms`,
    );

    const sent = EVENTS + ticks * perTick;
    const check = await checkCreditsPerPartner(databaseUrl, 'revenue', world.expected);
    console.log(`exactly once: ${describeCreditCheck(check)}`);
    const exactlyOnce = creditsExact(check) && check.expected === sent && latencies.length === ticks * perTick;

    console.log(
      JSON.stringify({
        events: EVENTS,
        events_per_s: Math.round(eventsPerSecond),
        raw_bullmq_jobs_per_s: Math.round(raw),
        ratio: Number((eventsPerSecond / raw).toFixed(3)),
        p99_event_to_credit_ms: p(0.99),
        p50_event_to_credit_ms: p(0.5),
        latency_events: latencies.length,
        credits_exactly_once: exactlyOnce,
      }),
    );
    // A fast run that credits the wrong partner is a failed run.
    if (!exactlyOnce) process.exitCode = 1;
  } finally {
    await api.stop();
    await bridge.stop();
    await deleteQueueKeys(base.REDIS_URL, env.QUEUE_PREFIX);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
