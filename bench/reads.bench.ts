/**
 * npm run bench:reads
 *
 * Builds a large product in a database of its own (bridge_bench_reads:
 * 1,000,000 credit lines, 100,000 agreements, 10,000 partners, 2,000
 * commitments, 1,000,000 usage hours, with set-based SQL), starts the API as
 * its own process on loopback, and measures the reads people use most at 16
 * concurrent clients for 10 s each: p50/p95 latency and requests/s per route.
 * Then it does the same at a tenth of the data, to show what grows with
 * history, drops its database, and ends with one JSON line. Each route also
 * reports the load's own CPU per request (load_cpu_ms): it runs on the same
 * cores as the API and PostgreSQL, so what it takes they do not get. Bounded: 2 sizes
 * x 12 routes x BENCH_READS_SECONDS, plus the seeding.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { loadConfig } from '@bridge/config';
import { AppProcess, dashboardSession, freePort, waitUntilHealthy } from '@bridge/testing';
import { prepareBenchDatabase } from './support/bench-database';
import { runLoad, type LoadResult } from './support/http-load';
import { benchRoutes } from './support/reads-routes';
import { benchPartners, md5Uuid, readsWorldSize, seedReadsWorld } from './support/reads-world.seed';

const ADMIN_KEY = `bench-reads-admin-${randomBytes(8).toString('hex')}`;
const METRICS_TOKEN = `bench-reads-metrics-${randomBytes(8).toString('hex')}`;
const SECONDS = Number(process.env.BENCH_READS_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_READS_CLIENTS ?? 16);
const SCALES = (process.env.BENCH_READS_SCALES ?? '1,0.1').split(',').map(Number);

/** Peak resident set of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : null;
}

async function measureAt(scale: number, databaseUrl: string) {
  const size = readsWorldSize(scale);
  await prepareBenchDatabase(databaseUrl);
  const seeded = await seedReadsWorld(databaseUrl, size);
  console.log(
    `scale ${scale}: seeded ${seeded.rows.toLocaleString('en')} rows in ${seeded.seconds.toFixed(1)} s (${JSON.stringify(size)})`,
  );
  const port = await freePort();
  const base = loadConfig();
  const api = new AppProcess('api', {
    DATABASE_URL: databaseUrl,
    REDIS_URL: base.REDIS_URL,
    QUEUE_PREFIX: `bench-reads-${randomBytes(4).toString('hex')}`,
    PORT: String(port),
    BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY,
    METRICS_TOKEN,
    DEMO_SEED: 'false',
    LOG_LEVEL: 'warn',
    API_RATE_LIMIT_PER_KEY: '100000000',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  }).start();
  const apiUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilHealthy(`${apiUrl}/health`, api, 60_000);
    const session = await dashboardSession(apiUrl, ADMIN_KEY);
    const headers = {
      key: { authorization: `Bearer ${ADMIN_KEY}` },
      session: { cookie: session },
      metrics: { authorization: `Bearer ${METRICS_TOKEN}` },
    };
    const commitments = [1, 2, Math.ceil(size.commitments / 2)].map((i) => md5Uuid(`m${i}`));
    const results: Record<string, LoadResult> = {};
    for (const route of benchRoutes(benchPartners(size), commitments)) {
      const result = await runLoad((n) => ({ url: `${apiUrl}${route.path(n)}`, headers: headers[route.auth] }), {
        clients: CLIENTS,
        seconds: SECONDS,
      });
      results[route.name] = result;
      console.log(
        `  ${route.name.padEnd(34)} p50 ${String(result.p50Ms).padStart(7)} ms  p95 ${String(result.p95Ms).padStart(7)} ms  ${String(result.perSecond).padStart(7)} req/s  load ${result.clientCpuMs} ms CPU/req` +
          (result.errors ? `  ${result.errors} errors (${result.firstError})` : ''),
      );
    }
    return { seedingSeconds: seeded.seconds, rows: seeded.rows, results, peakRssMb: peakRssMb(api.pid) };
  } finally {
    await api.stop();
  }
}

async function dropDatabase(databaseUrl: string) {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '')}" WITH (FORCE)`);
  await client.end();
}

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_READS_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bridge_bench_reads';
  const sizes: Record<string, Awaited<ReturnType<typeof measureAt>>> = {};
  try {
    for (const scale of SCALES) sizes[String(scale)] = await measureAt(scale, databaseUrl);
  } finally {
    await dropDatabase(databaseUrl);
  }
  const [full, tenth] = SCALES.map((s) => sizes[String(s)]!);
  const routesOut: Record<string, unknown> = {};
  for (const name of Object.keys(full!.results)) {
    const f = full!.results[name]!;
    const t = tenth?.results[name];
    routesOut[name] = {
      p50_ms: f.p50Ms,
      p95_ms: f.p95Ms,
      rps: f.perSecond,
      errors: f.errors,
      load_cpu_ms: f.clientCpuMs,
      ...(t
        ? { tenth: { p50_ms: t.p50Ms, p95_ms: t.p95Ms, rps: t.perSecond, errors: t.errors }, p95_full_over_tenth: round(f.p95Ms / t.p95Ms) }
        : {}),
    };
  }
  console.log(
    JSON.stringify({
      bench: 'reads',
      clients: CLIENTS,
      seconds_per_route: SECONDS,
      seeding_seconds: Object.fromEntries(Object.entries(sizes).map(([s, r]) => [s, round(r.seedingSeconds)])),
      peak_rss_mb: Object.fromEntries(Object.entries(sizes).map(([s, r]) => [s, r.peakRssMb])),
      routes: routesOut,
    }),
  );
  const failed = Object.values(full!.results).some((r) => r.errors > 0);
  process.exitCode = failed ? 1 : 0;
}

const round = (n: number) => Math.round(n * 100) / 100;

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
