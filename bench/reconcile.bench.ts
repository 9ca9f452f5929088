/**
 * npm run bench:reconcile: generates a realistic AWS billing-event feed of
 * 1,000,000 lines (and one of 100,000, to show how cost grows), reconciles
 * each through the product's own import path (the one the import CLI uses:
 * stream, csv-parse on parser threads, checks, COPY, the item ledger's
 * supersession and totals, matching), and measures in the same run the raw rate of csv-parse alone, on
 * one thread, with the same options, on the same 1M file (reconcile-prepare,
 * in a child process, so that the generator's memory is not the product's).
 * The raw parse runs once before the product and once after it, and the
 * ratio is taken against both together: this machine's speed drifts by 10%
 * and more within minutes, and one raw parse measured at another moment
 * than the product moved the ratio by as much.
 * The last line is one JSON object.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { loadConfig } from '@bridge/config';
import { ReconciliationImportService } from '../apps/attribution-bridge/src/reconciliation/reconciliation-import.service';
import { ReconciliationStandaloneModule } from '../apps/attribution-bridge/src/reconciliation/reconciliation-standalone.module';
import { benchValueMinor, isOrphan } from './reconcile-feed.generator';

const ROOT = path.join(__dirname, '..', '..');
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bridge_test_bench_reconcile';
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const SMALL_LINES = Math.round(LINES / 10);

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, DATABASE_URL }, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

/**
 * Settles the database between steps (not timed): vacuum and statistics for
 * what the previous step wrote, and a checkpoint, so that one run does not
 * pay for the background work the step before it left behind.
 */
async function settle() {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

/** The agreements the purchases created, as the attribution bridge would have stored them (not timed). */
async function seedAgreements(prefix: string, items: number) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO agreement (id, cloud, marketplace_agreement_id, marketplace_offer_id, product_id, acceptor_account_id, proposer_account_id,
                              intent, status, value_minor, currency, accepted_at, updated_at)
       SELECT gen_random_uuid(), 'AWS', $1 || '-agmt-' || i, 'offer-' || i, 'prod-bench', (100000000000 + i % 900000)::text, '123456789012',
              'NEW', 'ACTIVE', 100000 + (i % 500) * 1000, 'USD', now(), now()
         FROM generate_series(0, $2 - 1) AS i WHERE i % 50 <> 33`,
      [prefix, items],
    );
  } finally {
    await client.end();
  }
}

async function main() {
  // Sanity: the generator and the seeding agree on values and orphans.
  if (benchValueMinor(0) !== 100_000 || !isOrphan(33)) throw new Error('generator and seeding disagree');
  run('node', ['tools/recreate-database.js', DATABASE_URL]);
  run('node', ['dist/tools/prisma-migrate/main.js', 'deploy']);
  const dir = tmpdir();
  const big = path.join(dir, `bench-feed-${LINES}.csv`);
  const small = path.join(dir, `bench-feed-${SMALL_LINES}.csv`);
  const { bigItems, smallItems, rawSeconds } = prepare([big, String(LINES), small, String(SMALL_LINES)]);
  await seedAgreements('b1m', bigItems);
  await seedAgreements('b100k', smallItems);
  console.log(`feeds: ${LINES} lines (${bigItems} items), ${SMALL_LINES} lines (${smallItems} items); agreements seeded`);
  console.log(`raw csv-parse of the ${LINES}-line file (one thread, its own process), before: ${rawSeconds.toFixed(2)} s, ${Math.round(LINES / rawSeconds)} lines/s`);

  const config = loadConfig({ ...process.env, DATABASE_URL, LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(ReconciliationStandaloneModule.forRoot(config), { logger: ['error', 'warn'] });
  const service = app.get(ReconciliationImportService);
  const reconcile = async (file: string) => {
    const started = process.hrtime.bigint();
    const record = await service.begin({ feed: 'AWS_BILLING_EVENTS', fileName: path.basename(file), origin: 'path', onMalformed: 'REFUSE', actor: 'bench' });
    const result = await service.run(record.id, createReadStream(file, { highWaterMark: 1 << 20 }), 'inline');
    if (result.status !== 'COMPLETED') throw new Error(`bench import ended ${JSON.stringify(result)}`);
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, ...result };
  };
  await settle();
  const smallRun = await reconcile(small);
  console.log(`product, ${SMALL_LINES} lines: ${smallRun.seconds.toFixed(2)} s (${smallRun.items} items)`);
  await settle();
  const bigRun = await reconcile(big);
  console.log(`product, ${LINES} lines: ${bigRun.seconds.toFixed(2)} s (${bigRun.items} items, ${bigRun.superseded} superseded rows)`);
  await app.close();
  const after = prepare(['--raw', big]);
  console.log(`raw csv-parse of the ${LINES}-line file, after: ${after.rawSeconds.toFixed(2)} s, ${Math.round(LINES / after.rawSeconds)} lines/s`);
  const rawRate = (2 * LINES) / (rawSeconds + after.rawSeconds);

  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const { rows } = await client.query<{ status: string; n: string }>(
    `SELECT status, count(*) AS n FROM reconciliation_item WHERE transaction_reference_id LIKE 'b1m-%' GROUP BY status ORDER BY status`,
  );
  await client.end();
  console.log(`items of the ${LINES}-line feed: ${rows.map((r) => `${r.status} ${r.n}`).join(', ')}`);
  await Promise.all([rm(big), rm(small)]);

  const linesPerS = LINES / bigRun.seconds;
  console.log(
    JSON.stringify({
      lines: LINES,
      seconds: round(bigRun.seconds),
      lines_per_s: Math.round(linesPerS),
      raw_parse_lines_per_s: Math.round(rawRate),
      raw_parse_lines_per_s_before: Math.round(LINES / rawSeconds),
      raw_parse_lines_per_s_after: Math.round(LINES / after.rawSeconds),
      ratio: round(linesPerS / rawRate),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      seconds_100k: round(smallRun.seconds),
      growth: round(bigRun.seconds / smallRun.seconds),
      items: bigRun.items,
    }),
  );
}

const round = (n: number) => Math.round(n * 100) / 100;

/** reconcile-prepare in a child process (see there); its last line, parsed, once its raw parse is known to have read every line. */
function prepare(args: string[]): Record<string, number> {
  const prepared = spawnSync('node', [path.join(__dirname, 'reconcile-prepare.js'), ...args], { encoding: 'utf8' });
  if (prepared.status !== 0) throw new Error(`reconcile-prepare ${args.join(' ')} failed: ${prepared.stderr}`);
  const result = JSON.parse(prepared.stdout.trim().split('\n').at(-1) as string) as Record<string, number>;
  if (result.rawLines !== LINES) throw new Error(`the raw parse read ${result.rawLines} lines of ${LINES}`);
  return result;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
