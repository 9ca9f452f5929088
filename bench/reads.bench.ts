/**
 * npm run bench:reads
 *
 * Builds a large product in a database of its own (bridge_bench_reads:
 * 1,000,000 credit lines, 100,000 agreements, 10,000 partners, 2,000
 * commitments, 1,000,000 usage hours, with set-based SQL) and the same at a
 * tenth of the data in another (bridge_bench_reads_0_1), starts the API as
 * its own process on loopback against each, and measures the reads people
 * use most at 16 concurrent clients for 10 s each at each size: p50/p95
 * latency and requests/s per route, to show what grows with history. The two
 * sizes of a route are measured in turns of 2 s (see measureRoute): a size
 * measured minutes after the other met another machine (a checkpoint, a
 * neighbour's build), and its ratio said more about that than about the
 * route. Drops its databases and ends with one JSON line. Each route also
 * reports the load's own CPU per request (load_cpu_ms): it runs on the same
 * cores as the API and PostgreSQL, so what it takes they do not get. Bounded:
 * 2 sizes x 12 routes x (BENCH_READS_SECONDS + 1 s of warm-up), plus the seeding.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { loadConfig } from '@bridge/config';
import { AppProcess, dashboardSession, freePort, waitUntilHealthy } from '@bridge/testing';
import { prepareBenchDatabase } from './support/bench-database';
import { combineLoads, runLoad, type LoadResult } from './support/http-load';
import { benchRoutes, type ReadRoute } from './support/reads-routes';
import { benchPartners, md5Uuid, readsWorldSize, seedReadsWorld } from './support/reads-world.seed';

const ADMIN_KEY = `bench-reads-admin-${randomBytes(8).toString('hex')}`;
const METRICS_TOKEN = `bench-reads-metrics-${randomBytes(8).toString('hex')}`;
const SECONDS = Number(process.env.BENCH_READS_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_READS_CLIENTS ?? 16);
const SCALES = (process.env.BENCH_READS_SCALES ?? '1,0.1').split(',').map(Number);
/** Turns each size's SECONDS are split into, and the unmeasured load each size gets first (see measureRoute). */
const SLICES = Number(process.env.BENCH_READS_SLICES ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_READS_WARMUP_SECONDS ?? 1);
/** Only the routes of this comma-separated list of names, when given (every route by default). */
const ONLY = process.env.BENCH_READS_ROUTES?.split(',').map((name) => name.trim());

/** Peak resident set of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : null;
}

/** The database of one size: the given one for the first, the same name with the scale after it for the others. */
function databaseOf(databaseUrl: string, scale: number, first: boolean): string {
  if (first) return databaseUrl;
  const url = new URL(databaseUrl);
  url.pathname = `${url.pathname}_${String(scale).replace(/\W/g, '_')}`;
  return url.toString();
}

/** One size's product, seeded, and its API running against it. */
interface World {
  scale: number;
  size: ReturnType<typeof readsWorldSize>;
  databaseUrl: string;
  seeded: { rows: number; seconds: number };
  api: AppProcess;
  apiUrl: string;
  headers: Record<ReadRoute['auth'], Record<string, string>>;
}

async function startWorld(scale: number, databaseUrl: string): Promise<World> {
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
    return { scale, size, databaseUrl, seeded, api, apiUrl, headers };
  } catch (error) {
    await api.stop();
    throw error;
  }
}

/** Each size's route: its path for the n-th request in that size's world. */
function routesOf(world: World): ReadRoute[] {
  const commitments = [1, 2, Math.ceil(world.size.commitments / 2)].map((i) => md5Uuid(`m${i}`));
  return benchRoutes(benchPartners(world.size), commitments).filter((r) => !ONLY || ONLY.includes(r.name));
}

/**
 * A route at every size, measured in turns: a short warm-up per size (plans,
 * pool connections, the route's pages in the buffer cache), then SLICES
 * slices a size, the sizes one after the other, so whatever else the machine
 * does in those seconds falls on every size alike and the sizes' ratio is the
 * route's own. Each size gets SECONDS of load in all.
 */
async function measureRoute(worlds: World[], index: number): Promise<LoadResult[]> {
  const load = (world: World, seconds: number) => {
    const route = routesOf(world)[index]!;
    return runLoad((n) => ({ url: `${world.apiUrl}${route.path(n)}`, headers: world.headers[route.auth] }), { clients: CLIENTS, seconds });
  };
  for (const world of worlds) await load(world, WARMUP_SECONDS);
  const slices: LoadResult[][] = worlds.map(() => []);
  for (let slice = 0; slice < SLICES; slice++) {
    for (const [i, world] of worlds.entries()) slices[i]!.push(await load(world, SECONDS / SLICES));
  }
  return slices.map(combineLoads);
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
  const worlds: World[] = [];
  const results: Record<string, LoadResult>[] = SCALES.map(() => ({}));
  let peakRss: Array<number | null> = [];
  try {
    for (const [i, scale] of SCALES.entries()) worlds.push(await startWorld(scale, databaseOf(databaseUrl, scale, i === 0)));
    const names = routesOf(worlds[0]!).map((r) => r.name);
    for (const [index, name] of names.entries()) {
      const measured = await measureRoute(worlds, index);
      for (const [i, result] of measured.entries()) {
        results[i]![name] = result;
        console.log(
          `  ${`${name} (${SCALES[i]})`.padEnd(42)} p50 ${String(result.p50Ms).padStart(7)} ms  p95 ${String(result.p95Ms).padStart(7)} ms  ${String(result.perSecond).padStart(7)} req/s  load ${result.clientCpuMs} ms CPU/req  ${result.linesPerResponse} lines` +
            (result.errors ? `  ${result.errors} errors (${result.firstError})` : ''),
        );
      }
    }
    peakRss = worlds.map((w) => peakRssMb(w.api.pid));
  } finally {
    for (const world of worlds) await world.api.stop();
    for (const [i, scale] of SCALES.entries()) await dropDatabase(databaseOf(databaseUrl, scale, i === 0));
  }
  const [full, tenth] = results;
  const routesOut: Record<string, unknown> = {};
  for (const name of Object.keys(full!)) {
    const f = full![name]!;
    const t = tenth?.[name];
    routesOut[name] = {
      p50_ms: f.p50Ms,
      p95_ms: f.p95Ms,
      rps: f.perSecond,
      errors: f.errors,
      load_cpu_ms: f.clientCpuMs,
      lines_per_response: f.linesPerResponse,
      ...(t
        ? {
            tenth: { p50_ms: t.p50Ms, p95_ms: t.p95Ms, rps: t.perSecond, errors: t.errors, lines_per_response: t.linesPerResponse },
            p95_full_over_tenth: round(f.p95Ms / t.p95Ms),
            // An answer that is itself bigger at full size (the leaderboard lists every partner, ten times as many): its cost per line.
            ...(f.linesPerResponse > 2 * t.linesPerResponse
              ? { p95_per_line_full_over_tenth: round(f.p95Ms / f.linesPerResponse / (t.p95Ms / t.linesPerResponse)) }
              : {}),
          }
        : {}),
    };
  }
  console.log(
    JSON.stringify({
      bench: 'reads',
      clients: CLIENTS,
      seconds_per_route: SECONDS,
      slices: SLICES,
      seeding_seconds: Object.fromEntries(worlds.map((w) => [String(w.scale), round(w.seeded.seconds)])),
      peak_rss_mb: Object.fromEntries(worlds.map((w, i) => [String(w.scale), peakRss[i]])),
      routes: routesOut,
    }),
  );
  const failed = Object.values(full!).some((r) => r.errors > 0);
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
