/**
 * npm run bench:metering: the product as separate processes (sandbox, API,
 * then the metering worker and the attribution bridge) on loopback, fed
 * 1,000,000 usage records over HTTP (100 requests of 10,000, 4 at a time),
 * against the raw PostgreSQL COPY rate of the same rows measured in the same
 * run (one COPY stream; two streams reported beside it). The last line is
 * one JSON object.
 *
 * Data shape: 200 customers on 2 products, 4 dimensions, the last 4 ended
 * hours: 3,200 customer-dimension-hours, so the marketplace needs
 * 2 x ceil(1,600 / 25) = 128 BatchMeterUsage calls, ~16 s at 8 calls/s.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { finished } from 'node:stream/promises';

const ROOT = path.join(__dirname, '..', '..');
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bridge_test_bench_metering';
const API_PORT = 3391;
const SANDBOX_PORT = 4591;
const SANDBOX_ENTRA_PORT = 4592;
const KEY = 'bench-admin-key-0123456789abcdef';
const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const PER_REQUEST = 10_000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const PRODUCTS = ['bench-prod-a', 'bench-prod-b'];
const CUSTOMERS = 200;
const DIMENSIONS = ['api_calls', 'gb_scanned', 'seats', 'jobs'];
const HOURS = 4;
const HOUR_MS = 3_600_000;

const env = {
  ...process.env,
  // Production logging, but not NODE_ENV=production: that refuses the sandbox the bench meters against.
  LOG_FORMAT: 'json',
  LOG_LEVEL: 'warn',
  DATABASE_URL,
  DATABASE_POOL_SIZE: '8',
  PORT: String(API_PORT),
  SANDBOX_PORT: String(SANDBOX_PORT),
  SANDBOX_ENTRA_PORT: String(SANDBOX_ENTRA_PORT),
  QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
  BOOTSTRAP_ADMIN_API_KEY: KEY,
  METERING_TICK_MS: '1000',
  METERING_SETTLE_SECONDS: '0',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const children: ChildProcess[] = [];
const log = (line: string) => console.log(line);

interface Customer {
  account: string;
  licenseArn: string;
  product: string;
}

async function main() {
  const t0 = Date.now();
  run('node', ['tools/recreate-database.js', DATABASE_URL]);
  run('node', ['dist/tools/prisma-migrate/main.js', 'deploy']);
  start('marketplace-sandbox');
  await waitFor(`http://127.0.0.1:${SANDBOX_PORT}/_sandbox/clock`);
  start('api');
  await waitFor(`http://127.0.0.1:${API_PORT}/health`);

  const db = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
  const customers = await seed(db);
  const now = Date.now();
  const hours = Array.from({ length: HOURS }, (_, i) => Math.floor(now / HOUR_MS) * HOUR_MS - (i + 1) * HOUR_MS);

  const raw = await rawCopyRate(db, hours);
  log(`raw COPY: ${raw.single.toFixed(0)} rows/s on one connection, ${raw.parallel.toFixed(0)} rows/s on two`);

  // The load is generated before the clock starts: the generator's CPU is not the product's.
  const expected = new Map<string, number>();
  const requests = Math.ceil(RECORDS / PER_REQUEST);
  const bodies = Array.from({ length: requests }, (_, n) => requestBody(n, customers, hours, expected));
  const ingestStart = Date.now();
  let accepted = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests) {
        const n = next++;
        const body = bodies[n];
        const response = await fetch(`http://127.0.0.1:${API_PORT}/v1/usage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
          body,
        });
        const answer = (await response.json()) as { accepted: number; rejected: number; problems?: { reason?: string }[] };
        if (response.status !== 200 || answer.rejected > 0)
          throw new Error(`request ${n}: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
        accepted += answer.accepted;
      }
    }),
  );
  const ingestSeconds = (Date.now() - ingestStart) / 1000;
  const ingestRate = accepted / ingestSeconds;
  log(`ingest: ${accepted} records in ${ingestSeconds.toFixed(1)} s = ${ingestRate.toFixed(0)} records/s over HTTP`);

  const drainStart = Date.now();
  start('metering');
  start('attribution-bridge');
  const keys = expected.size;
  await until(async () => {
    const { rows } = await db.query<{ open: string; published: string }>(
      `SELECT count(*) FILTER (WHERE status IN ('PENDING', 'SENDING'))::text AS open, count(*) FILTER (WHERE revenue_published_at IS NOT NULL)::text AS published FROM usage_hour`,
    );
    return rows[0].open === '0' && Number(rows[0].published) === keys;
  }, 240_000);
  const drainSeconds = (Date.now() - drainStart) / 1000;
  log(`metering: ${keys} customer-dimension-hours sent and their revenue published in ${drainSeconds.toFixed(1)} s`);

  const ledger = (await (await fetch(`http://127.0.0.1:${SANDBOX_PORT}/_sandbox/ledger?cloud=aws`)).json()) as {
    entries: {
      customer: { customerAWSAccountId: string; licenseArn: string };
      dimension: string;
      hour: string;
      quantity: number;
      timesRecorded: number;
      conflictingResends: number;
    }[];
  };
  const stats = (await (await fetch(`http://127.0.0.1:${SANDBOX_PORT}/_sandbox/stats`)).json()) as {
    calls: Record<string, Record<string, number>>;
  };
  const calls = Object.values(stats.calls.BatchMeterUsage ?? {}).reduce((a, b) => a + b, 0);
  const expectedCalls = PRODUCTS.map((p) => Math.ceil([...expected.keys()].filter((k) => k.startsWith(`${p}|`)).length / 25)).reduce(
    (a, b) => a + b,
    0,
  );
  const seen = new Set<string>();
  let exact = ledger.entries.length === keys;
  for (const e of ledger.entries) {
    const customer = customers.find((c) => c.account === e.customer.customerAWSAccountId && c.licenseArn === e.customer.licenseArn);
    const key = `${customer?.product}|${e.customer.customerAWSAccountId}|${e.dimension}|${Date.parse(e.hour)}`;
    if (seen.has(key) || expected.get(key) !== e.quantity || e.timesRecorded !== 1 || e.conflictingResends !== 0) exact = false;
    seen.add(key);
  }
  const stored = await db.query<{ records: string; quantity: string }>(
    `SELECT count(*)::text AS records, sum(quantity)::text AS quantity FROM usage_record`,
  );
  const expectedQuantity = [...expected.values()].reduce((a, b) => a + b, 0);
  const ledgerQuantity = ledger.entries.reduce((a, e) => a + e.quantity, 0);
  exact =
    exact &&
    Number(stored.rows[0].records) === RECORDS &&
    ledgerQuantity === expectedQuantity &&
    Number(stored.rows[0].quantity) === expectedQuantity;
  log(
    `ledger: ${ledger.entries.length} entries, ${ledgerQuantity} units (expected ${expectedQuantity}); calls ${JSON.stringify(stats.calls.BatchMeterUsage)}`,
  );
  await db.end();

  // The raw rate is one COPY stream; two streams (both cores on COPY alone) are reported beside it.
  const result = {
    records: accepted,
    ingest_seconds: round(ingestSeconds),
    ingest_records_per_s: Math.round(ingestRate),
    raw_copy_rows_per_s: Math.round(raw.single),
    ratio: round(ingestRate / raw.single, 3),
    raw_copy_two_connections_rows_per_s: Math.round(raw.parallel),
    ratio_vs_two_connections: round(ingestRate / raw.parallel, 3),
    usage_hours: keys,
    marketplace_calls: calls,
    expected_marketplace_calls: expectedCalls,
    drain_seconds: round(drainSeconds),
    billed_exactly_once: exact,
    total_seconds: round((Date.now() - t0) / 1000),
  };
  stopAll();
  console.log(JSON.stringify(result));
}

/** Listings with prices, buyers subscribed in the sandbox and registered for metering in the product. */
async function seed(db: pg.Pool): Promise<Customer[]> {
  for (const product of PRODUCTS) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO listing (id, cloud, product_id, product_code, title, updated_at) VALUES (gen_random_uuid(), 'AWS', $1, $1, $1, now()) RETURNING id`,
      [product],
    );
    for (const [i, dim] of DIMENSIONS.entries()) {
      await db.query(
        `INSERT INTO listing_dimension (id, listing_id, key, name, unit, unit_price, currency) VALUES (gen_random_uuid(), $1, $2, $2, 'unit', $3, 'USD')`,
        [rows[0].id, dim, ['0.001', '0.10', '1.25', '0.0125'][i]],
      );
    }
  }
  const customers: Customer[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const account = String(100000000000 + i);
    const product = PRODUCTS[i % PRODUCTS.length];
    const licenseArn = `arn:aws:license-manager::294406891311:license:l-bench${i}`;
    await post(`http://127.0.0.1:${SANDBOX_PORT}/_sandbox/aws/customers`, {
      customerAWSAccountId: account,
      productCode: product,
      licenseArn,
    });
    await post(`http://127.0.0.1:${API_PORT}/v1/usage/subscriptions`, {
      cloud: 'AWS',
      customerAwsAccountId: account,
      licenseArn,
      productCode: product,
      startedAt: new Date(Date.now() - 24 * HOUR_MS).toISOString(),
    });
    customers.push({ account, licenseArn, product });
  }
  return customers;
}

/** Request n: 10,000 records of one hour, spread over every customer and dimension (an ISV reporting as it goes). */
function requestBody(n: number, customers: Customer[], hours: number[], expected: Map<string, number>): string {
  const hour = hours[n % hours.length];
  const parts: string[] = [];
  for (let i = 0; i < PER_REQUEST; i++) {
    const seq = n * PER_REQUEST + i;
    if (seq >= RECORDS) break;
    const c = customers[i % customers.length];
    const dim = DIMENSIONS[Math.floor(i / customers.length) % DIMENSIONS.length];
    const quantity = 1 + (seq % 7);
    const at = new Date(hour + ((seq * 7919) % HOUR_MS)).toISOString();
    const key = `${c.product}|${c.account}|${dim}|${hour}`;
    expected.set(key, (expected.get(key) ?? 0) + quantity);
    parts.push(
      `{"idempotencyKey":"bench-${seq}","customerAwsAccountId":"${c.account}","licenseArn":"${c.licenseArn}","dimension":"${dim}","quantity":${quantity},"timestamp":"${at}"}`,
    );
  }
  return `{"records":[${parts.join(',')}]}`;
}

/** COPY of the same rows into a table shaped like usage_record (same columns, same primary key), 10,000 rows a statement. */
async function rawCopyRate(db: pg.Pool, hours: number[]): Promise<{ single: number; parallel: number }> {
  const rows = Math.min(RECORDS, 1_000_000);
  const [{ id }] = (await db.query<{ id: string }>(`SELECT id FROM metering_subscription LIMIT 1`)).rows;
  const chunk = (from: number) => {
    let text = '';
    for (let i = from; i < from + PER_REQUEST; i++)
      text += `raw-${i}\t${id}\t${DIMENSIONS[i % 4]}\t${new Date(hours[0] + (i % HOUR_MS)).toISOString()}\t${1 + (i % 7)}\n`;
    return text;
  };
  const copy = async (from: number, count: number) => {
    const client = await db.connect();
    try {
      for (let n = from; n < from + count; n += PER_REQUEST) {
        const stream = client.query(
          copyFrom('COPY bench_raw_usage (idempotency_key, subscription_id, dimension, usage_at, quantity) FROM STDIN'),
        );
        stream.end(chunk(n));
        await finished(stream);
      }
    } finally {
      client.release();
    }
  };
  const measure = async (streams: number) => {
    await db.query(`DROP TABLE IF EXISTS bench_raw_usage`);
    await db.query(`CREATE TABLE bench_raw_usage (LIKE usage_record INCLUDING ALL)`);
    const started = Date.now();
    await Promise.all(Array.from({ length: streams }, (_, s) => copy((s * rows) / streams, rows / streams)));
    return rows / ((Date.now() - started) / 1000);
  };
  const single = await measure(1);
  const parallel = await measure(2);
  await db.query(`DROP TABLE bench_raw_usage`);
  return { single, parallel };
}

function start(app: string): void {
  const flags = process.env.BENCH_PROFILE === app ? ['--cpu-prof', '--cpu-prof-dir=/tmp/bench-prof'] : [];
  // A larger young generation: 10,000-record bodies make short-lived garbage, and scavenges were a fifth of the API's CPU.
  if (app === 'api') flags.push(`--max-semi-space-size=${process.env.BENCH_SEMI_SPACE_MB ?? 64}`);
  const child = spawn(process.execPath, [...flags, path.join(ROOT, `dist/apps/${app}/src/main.js`)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
}

function stopAll(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${url}: ${response.status} ${await response.text()}`);
}

async function waitFor(url: string): Promise<void> {
  await until(async () => (await fetch(url).catch(() => null))?.ok === true, 30_000);
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  stopAll();
  process.exit(1);
});
