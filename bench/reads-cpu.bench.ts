/**
 * npm run bench:reads-cpu
 *
 * What a read costs in CPU, which a busy machine does not change: the reads
 * of bench:reads, each sent BENCH_CPU_REQUESTS times by one client, and the
 * CPU time (user + system, from /proc) the API process and its PostgreSQL
 * backends spent on them, per request. At 16 concurrent clients on 2 cores a
 * read's p95 is mostly its wait for a core, so CPU per request is what p95
 * follows. Also counts the API's garbage collections per request, and ends
 * with the floor every request pays before its route's own work: a bare
 * liveness check, then a key-checked one-row page (BENCH_CPU_ROUTES=floor
 * alone; more requests, e.g. 1000, for figures this small).
 *
 * BENCH_CPU_DATABASE_URL names a database of its own; BENCH_CPU_SEED=1 (the
 * default) builds it at BENCH_CPU_SCALE (1 = the size) first, 0 reuses
 * one seeded before. BENCH_CPU_NODE_FLAGS replaces the API's Node flags, to
 * compare heap settings. Ends with one JSON line.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '@bridge/config';
import { APP_NODE_FLAGS, dashboardSession, freePort, waitUntilHealthy } from '@bridge/testing';
import { prepareBenchDatabase } from './support/bench-database';
import { benchPartners, md5Uuid, readsWorldSize, seedReadsWorld } from './support/reads-world.seed';
import { benchRoutes, type ReadRoute } from './support/reads-routes';

const ADMIN_KEY = `bench-cpu-admin-${randomBytes(8).toString('hex')}`;
const METRICS_TOKEN = `bench-cpu-metrics-${randomBytes(8).toString('hex')}`;
const REQUESTS = Number(process.env.BENCH_CPU_REQUESTS ?? 200);
const SCALE = Number(process.env.BENCH_CPU_SCALE ?? 1);
const TICK_MS = 1000 / 100; // USER_HZ: /proc counts CPU time in ticks of 10 ms.

/** What every request pays before a route's own work: no key, then a key and a one-row page. */
const FLOOR_ROUTES: Array<Omit<ReadRoute, 'auth'> & { auth: ReadRoute['auth'] | 'none' }> = [
  { name: 'floor: GET /health/live', path: () => '/health/live', auth: 'none' },
  { name: 'floor: GET /v1/deals?limit=1', path: () => '/v1/deals?limit=1', auth: 'key' },
];

/** User + system CPU of a process so far, in ms (0 once it is gone). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_CPU_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bridge_bench_reads_cpu';
  const size = readsWorldSize(SCALE);
  if ((process.env.BENCH_CPU_SEED ?? '1') === '1') {
    await prepareBenchDatabase(databaseUrl);
    const seeded = await seedReadsWorld(databaseUrl, size);
    console.log(`seeded ${seeded.rows.toLocaleString('en')} rows in ${seeded.seconds.toFixed(1)} s`);
  }
  const port = await freePort();
  const flags = process.env.BENCH_CPU_NODE_FLAGS?.split(' ').filter(Boolean) ?? APP_NODE_FLAGS.api ?? [];
  const entry = path.resolve(__dirname, '..', 'apps', 'api', 'src', 'main.js');
  const api = spawn(process.execPath, [...flags, '--trace-gc', entry], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      REDIS_URL: loadConfig().REDIS_URL,
      QUEUE_PREFIX: `bench-cpu-${randomBytes(4).toString('hex')}`,
      PORT: String(port),
      BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY,
      METRICS_TOKEN,
      DEMO_SEED: 'false',
      LOG_LEVEL: 'warn',
      API_RATE_LIMIT_PER_KEY: '100000000',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let scavenges = 0;
  let markCompacts = 0;
  let gcMs = 0;
  api.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      // e.g. "[pid:0x...]  1234 ms: Scavenge 10.1 (12.0) -> 9.0 (12.0) MB, 0.85 / 0.00 ms  (average mu = ...": the pause is the first "x / y ms".
      const pause = /MB, ([\d.]+) \/ [\d.]+ ms/.exec(line);
      if (pause) gcMs += Number(pause[1]);
      if (line.includes('Scavenge')) scavenges += 1;
      else if (line.includes('Mark-Compact') || line.includes('Mark-sweep')) markCompacts += 1;
    }
  });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  // The API's pool opens and closes backends as it goes: each is sampled every 50 ms, so one that ends mid-route loses at most that.
  const seen = new Map<number, { first: number; last: number }>();
  const sampleBackends = async () => {
    const { rows } = await db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    for (const { pid } of rows) {
      const used = cpuMs(pid);
      const known = seen.get(pid);
      if (known) known.last = Math.max(known.last, used);
      else seen.set(pid, { first: used, last: used });
    }
  };
  const backendsCpuDuring = async (work: () => Promise<void>): Promise<number> => {
    seen.clear();
    await sampleBackends();
    const started = new Set(seen.keys());
    let running = true;
    const sampler = (async () => {
      while (running) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await sampleBackends();
      }
    })();
    await work();
    running = false;
    await sampler;
    await sampleBackends();
    let total = 0;
    for (const [pid, { first, last }] of seen) total += last - (started.has(pid) ? first : 0);
    return total;
  };
  const apiUrl = `http://127.0.0.1:${port}`;
  let rss: string | undefined;
  const results: Record<
    string,
    { api_cpu_ms: number; pg_cpu_ms: number; total_cpu_ms: number; wall_ms: number; scavenges: number; gc_pause_ms: number; bytes: number }
  > = {};
  try {
    await waitUntilHealthy(`${apiUrl}/health`, undefined, 60_000);
    const session = await dashboardSession(apiUrl, ADMIN_KEY);
    const headers = {
      none: {},
      key: { authorization: `Bearer ${ADMIN_KEY}` },
      session: { cookie: session },
      metrics: { authorization: `Bearer ${METRICS_TOKEN}` },
    };
    const commitments = [1, 2, Math.ceil(size.commitments / 2)].map((i) => md5Uuid(`m${i}`));
    const only = process.env.BENCH_CPU_ROUTES?.split(',');
    for (const route of [...benchRoutes(benchPartners(size), commitments), ...FLOOR_ROUTES]) {
      if (only && !only.some((o) => route.name.includes(o))) continue;
      const send = async (n: number) => {
        const response = await fetch(`${apiUrl}${route.path(n)}`, { headers: headers[route.auth] });
        const body = await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${route.name}: ${response.status}`);
        return body.byteLength;
      };
      for (let n = 0; n < 20; n++) await send(n); // warm: plans cached, code optimised, pool connections open
      const [api0, gc0, pause0, at0] = [cpuMs(api.pid!), scavenges, gcMs, performance.now()];
      let bytes = 0;
      const pgMs = await backendsCpuDuring(async () => {
        for (let n = 0; n < REQUESTS; n++) bytes += await send(n);
      });
      const [api1, gc1, pause1, at1] = [cpuMs(api.pid!), scavenges, gcMs, performance.now()];
      const per = (x: number) => Math.round((x / REQUESTS) * 100) / 100;
      results[route.name] = {
        api_cpu_ms: per(api1 - api0),
        pg_cpu_ms: per(pgMs),
        total_cpu_ms: per(api1 - api0 + pgMs),
        wall_ms: per(at1 - at0),
        scavenges: per(gc1 - gc0),
        gc_pause_ms: per(pause1 - pause0),
        bytes: Math.round(bytes / REQUESTS),
      };
      console.log(`  ${route.name.padEnd(34)} ${JSON.stringify(results[route.name])}`);
    }
    rss = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${api.pid}/status`, 'utf8'))?.[1];
  } finally {
    await db.end();
    api.kill('SIGTERM');
  }
  console.log(
    JSON.stringify({
      bench: 'reads-cpu',
      scale: SCALE,
      requests_per_route: REQUESTS,
      node_flags: flags,
      peak_rss_mb: rss ? Math.round(Number(rss) / 1024) : null,
      mark_compacts: markCompacts,
      routes: results,
    }),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
