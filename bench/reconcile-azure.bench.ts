/**
 * npm run bench:reconcile-azure: an Azure payout report of BENCH_LINES lines
 * (200,000 by default: four earnings per SaaS subscription, most of them
 * paid out, some collected, not collected or refunded) imported through the
 * product's own import path, the intake (the file in, checked, its lines
 * expanded into canonical rows and stored) timed apart from the matching,
 * with the node process's CPU time and peak RSS. The stored rows are
 * summarised (count, rows per action, sum of amounts), so that two builds
 * can be shown to store the same rows. The last line is one JSON object.
 */
import 'reflect-metadata';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { loadConfig } from '@bridge/config';
import { FeedIntakeService, ItemMatchService, ReconciliationImportService, ReconciliationStandaloneModule } from '@bridge/reconciliation';
import { prepareBenchDatabase } from './support/bench-database';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bridge_test_bench_reconcile_azure';
const LINES = Number(process.env.BENCH_LINES ?? 200_000);
const EARNINGS_PER_SUBSCRIPTION = 4;
const HEADER =
  'earning_id,transaction_id,transaction_date,transaction_type,customer_tenant_id,subscription_id,offer_id,plan_id,transaction_currency,' +
  'transaction_amount,store_service_fee,earning_amount,payout_status,payment_id,payment_date\n';

/** Earning i: $100.00 to $599.00 billed at the 3% store service fee; 1 in 20 refunded, the rest by payout status. */
function payoutLine(i: number): string {
  const subscription = `az-bench-sub-${Math.floor(i / EARNINGS_PER_SUBSCRIPTION)}`;
  const refund = i % 20 === 19;
  const cents = (10_000 + (i % 500) * 100) * (refund ? -1 : 1);
  const fee = -Math.round((cents * 3) / 100);
  const status = i % 10 < 7 ? 'SENT' : i % 10 < 9 ? 'UPCOMING' : 'UNPROCESSED';
  const payment = status === 'SENT' ? `pay-${Math.floor(i / 1000)},2026-11-15` : ',';
  const money = (minor: number) =>
    `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;
  return (
    `earn-${i},tx-${i},2026-10-${String(1 + (i % 28)).padStart(2, '0')},${refund ? 'REFUND' : 'BILLED'},tenant-${i % 997},${subscription},` +
    `offer-bench,plan-${i % 3},USD,${money(cents)},${money(fee)},${money(cents + fee)},${status},${payment}\n`
  );
}

async function writeFeed(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write(HEADER);
  for (let i = 0; i < LINES; i++) if (!out.write(payoutLine(i))) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function main() {
  await prepareBenchDatabase(DATABASE_URL);
  const file = path.join(tmpdir(), `bench-azure-payouts-${LINES}.csv`);
  await writeFeed(file);
  const subscriptions = Math.ceil(LINES / EARNINGS_PER_SUBSCRIPTION);
  await query(
    `INSERT INTO agreement (id, cloud, marketplace_agreement_id, marketplace_offer_id, product_id, acceptor_account_id, proposer_account_id,
                            intent, status, value_minor, currency, accepted_at, updated_at)
     SELECT gen_random_uuid(), 'AZURE', 'az-bench-sub-' || s, 'offer-bench', 'offer-bench', 'tenant', 'publisher', 'NEW', 'ACTIVE', 200000, 'USD', now(), now()
       FROM generate_series(0, ${subscriptions - 1}) s`,
  );
  await query('VACUUM ANALYZE');
  await query('CHECKPOINT');

  const config = loadConfig({ ...process.env, DATABASE_URL, LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(ReconciliationStandaloneModule.forRoot(config), { logger: ['error', 'warn'] });
  const record = await app.get(ReconciliationImportService).begin({
    feed: 'AZURE_PAYOUTS',
    fileName: path.basename(file),
    origin: 'path',
    onMalformed: 'REFUSE',
    actor: 'bench',
  });
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const outcome = await app.get(FeedIntakeService).intake(record.id, createReadStream(file, { highWaterMark: 1 << 20 }));
  const intakeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  if (outcome.status !== 'MATCHING') throw new Error(`the bench import ended ${JSON.stringify(outcome)}`);
  const intakeRss = process.resourceUsage().maxRSS;
  const matchStarted = process.hrtime.bigint();
  const matched = await app.get(ItemMatchService).match(record.id);
  const matchSeconds = Number(process.hrtime.bigint() - matchStarted) / 1e9;
  await app.close();
  await rm(file);

  const [stored] = await query<{ rows: string; invoiced: string; disbursed: string; amount: string; lines: string }>(
    `SELECT count(*) AS rows, count(*) FILTER (WHERE action = 'INVOICED') AS invoiced, count(*) FILTER (WHERE action = 'DISBURSED') AS disbursed,
            sum(amount_minor)::text AS amount, count(DISTINCT line) AS lines FROM billing_feed_row`,
  );
  const statuses = await query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM reconciliation_item GROUP BY status ORDER BY status',
  );
  console.log(`stored: ${JSON.stringify(stored)}; items: ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}`);
  const round = (n: number) => Math.round(n * 100) / 100;
  console.log(
    JSON.stringify({
      lines: LINES,
      intake_s: round(intakeSeconds),
      intake_lines_per_s: Math.round(LINES / intakeSeconds),
      intake_node_cpu_s: round((cpu.user + cpu.system) / 1e6),
      intake_peak_rss_mb: Math.round(intakeRss / 1024),
      match_s: round(matchSeconds),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      rows: Number(stored.rows),
      items: matched?.items ?? 0,
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
