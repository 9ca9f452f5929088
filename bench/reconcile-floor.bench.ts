/**
 * npm run bench:reconcile-floor: what reconciling a million-line AWS billing
 * event feed costs at least on this machine, step by step, whatever code
 * does it. bench:reconcile's figures ask for the whole import in at most 3.5
 * times a bare COPY of the file (and 10 s); this measures, at the same
 * moment and on the same file, the least each step that import cannot skip
 * costs, so the figure can be checked against what the machine allows:
 *
 * - the bare COPY itself (raw_copy_s, as bench:reconcile measures it);
 * - the product's own COPY into its staging table and its own set-based
 *   checks (StagedFeedRepository, the intake's statements);
 * - the rows kept at all: the staged text copied once into a logged table
 *   with no index, no value computed (less than any store of typed rows);
 * - one total per item and disbursement, and one per item, of the staged
 *   amounts (the cheapest exact sum of this file's two-decimal amounts: its
 *   text with the point taken out, as bigint), where the product keeps
 *   fourteen totals and each item's agreement;
 * - the items and disbursement lines the product wrote for this file,
 *   written again, verdicts and explanations already computed, into their
 *   own tables with their indexes (what finance reads), in key order.
 *
 * Judging the items is left out (the verdicts and their words), and so is
 * every index on the stored rows: the floor is a lower bound. The product's
 * own import of the same file runs first, on a fresh database: it gives the
 * items and lines written again, and its time at the same moment. Each step
 * runs BENCH_FLOOR_RUNS times (3); the figures are medians. Every write is
 * rolled back or dropped: the database is the same after each round. The
 * last line is one JSON object.
 */
import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { loadConfig } from '@bridge/config';
import { ReconciliationImportService, ReconciliationStandaloneModule, StagedFeedRepository } from '@bridge/reconciliation';
import { prepareBenchDatabase, settleBenchDatabase } from './support/bench-database';
import { median, round2 } from './support/figures';
import { rawCopySeconds } from './support/raw-copy';
import { timedFeedImport } from './support/timed-feed-import';
import { assertBenchVerdicts, BENCH_FEED_HEADER, seedBenchAgreements, writeBenchFeed } from './reconcile-feed.generator';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bridge_test_bench_reconcile_floor';
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_FLOOR_RUNS ?? 3);
/** The staging table's import seq: far from any real import's, and never committed. */
const FLOOR_SEQ = 999_999_999n;
/** The figures bench:reconcile asks for: at most 3.5 times the bare COPY, and 10 s a million lines. */
const TIMES_COPY = 3.5;
const SECONDS_PER_MILLION = 10;

type Step = 'copy' | 'staging_copy' | 'checks' | 'rows_kept' | 'part_totals' | 'item_totals' | 'items_written' | 'lines_written';
/** The steps whose sum is the floor: the product's staging COPY stands for the bare one (it is the same work, into its own table). */
const FLOOR_STEPS: Step[] = ['staging_copy', 'checks', 'rows_kept', 'part_totals', 'item_totals', 'items_written', 'lines_written'];

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** One round of every step, on the staged file; nothing it writes outlives it. */
async function round(
  client: pg.PoolClient,
  staged: StagedFeedRepository,
  file: string,
  header: readonly string[],
): Promise<Record<Step, number>> {
  const at = Object.fromEntries(header.map((name, i) => [name, i]));
  const col = (name: string) => `s.c${at[name]}`;
  const headerBytes = Buffer.byteLength(header.join(',')) + 1;
  const step = {} as Record<Step, number>;
  step.copy = await rawCopySeconds(DATABASE_URL, file, header.length);
  await client.query('BEGIN');
  try {
    // The match's own settings: parallel scans, hashes in memory, no JIT.
    await client.query(`SET LOCAL jit = off`);
    await client.query(`SET LOCAL work_mem = '192MB'`);
    await client.query(`SET LOCAL parallel_setup_cost = 0`);
    await client.query(`SET LOCAL parallel_tuple_cost = 0`);
    const records = createReadStream(file, { start: headerBytes, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
    step.staging_copy = await timed(() => staged.copyIn(client, FLOOR_SEQ, header.length, records));
    const map = { firstLine: 2, quoted: false, blankLines: [] };
    step.checks = await timed(() => staged.problems(client, 'AWS_BILLING_EVENTS', FLOOR_SEQ, header.length, at, map, 1));
    const table = `feed_staging_${FLOOR_SEQ}`;
    step.rows_kept = await timed(() => client.query(`CREATE TABLE floor_rows AS SELECT * FROM ${table}`));
    step.part_totals = await timed(() =>
      client.query(`CREATE UNLOGGED TABLE floor_parts AS
        SELECT ${col('transaction_reference_id')} AS ref, CASE WHEN ${col('action')} = 'DISBURSED' THEN ${col('disbursement_billing_event_id')} END AS disbursement,
               sum_minor(replace(${col('amount')}, '.', '')::bigint) AS amount
          FROM ${table} s WHERE ${col('transaction_reference_id')} <> '' GROUP BY 1, 2`),
    );
    step.item_totals = await timed(() =>
      client.query(`CREATE UNLOGGED TABLE floor_items AS SELECT ref, sum_minor(amount) AS amount FROM floor_parts GROUP BY 1`),
    );
    // The product's own items and lines of this file, written again as they are (untimed: the copies; timed: the writes).
    await client.query(`CREATE TEMP TABLE floor_item_rows AS SELECT * FROM reconciliation_item`);
    await client.query(`CREATE TEMP TABLE floor_line_rows AS SELECT * FROM reconciliation_disbursement_line`);
    await client.query(`TRUNCATE reconciliation_item, reconciliation_disbursement_line`);
    step.items_written = await timed(() =>
      client.query(`INSERT INTO reconciliation_item SELECT * FROM floor_item_rows ORDER BY transaction_reference_id COLLATE "C"`),
    );
    step.lines_written = await timed(() =>
      client.query(
        `INSERT INTO reconciliation_disbursement_line SELECT * FROM floor_line_rows ORDER BY transaction_reference_id COLLATE "C", disbursement_id COLLATE "C"`,
      ),
    );
  } finally {
    await client.query('ROLLBACK');
  }
  return step;
}

async function main() {
  const file = path.join(tmpdir(), `bench-floor-feed-${LINES}.csv`);
  const feed = await writeBenchFeed(file, LINES, 'b1m');
  await prepareBenchDatabase(DATABASE_URL);
  await seedBenchAgreements(DATABASE_URL, 'b1m', 0, feed.items);
  const config = loadConfig({ ...process.env, DATABASE_URL, LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(ReconciliationStandaloneModule.forRoot(config), { logger: ['error', 'warn'] });
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
  const client = await pool.connect();
  try {
    await settleBenchDatabase(DATABASE_URL);
    const product = await timedFeedImport(app.get(ReconciliationImportService), file);
    await assertBenchVerdicts(DATABASE_URL, 'b1m', feed);
    console.log(`the product's import of the ${LINES}-line feed, first: ${product.seconds.toFixed(2)} s (${product.items} items)`);
    const rounds: Record<Step, number>[] = [];
    for (let n = 1; n <= RUNS; n++) {
      await settleBenchDatabase(DATABASE_URL);
      const step = await round(client, app.get(StagedFeedRepository), file, BENCH_FEED_HEADER);
      rounds.push(step);
      console.log(
        `round ${n} of ${RUNS}: ${Object.entries(step)
          .map(([name, s]) => `${name} ${s.toFixed(2)} s`)
          .join(', ')}`,
      );
    }
    const medians = Object.fromEntries(
      (Object.keys(rounds[0]!) as Step[]).map((name) => [name, median(rounds.map((r) => r[name]))]),
    ) as Record<Step, number>;
    const floor = FLOOR_STEPS.reduce((sum, name) => sum + medians[name], 0);
    // Keeping the rows could be left to the file itself (an S3 object stays in the seller's bucket): the floor without them too.
    const withoutRows = floor - medians.rows_kept;
    const figure = Math.min((SECONDS_PER_MILLION * LINES) / 1_000_000, TIMES_COPY * medians.copy);
    console.log(`medians of ${RUNS} rounds:`);
    for (const name of Object.keys(medians) as Step[]) console.log(`  ${medians[name].toFixed(2).padStart(6)} s  ${name}`);
    console.log(
      `floor (every step but the bare COPY, the verdicts left out): ${floor.toFixed(2)} s, ${(floor / medians.copy).toFixed(1)} times the bare COPY; ` +
        `${withoutRows.toFixed(2)} s without the rows kept; the figure asks for at most ${figure.toFixed(2)} s (${TIMES_COPY} times the COPY, ` +
        `and ${SECONDS_PER_MILLION} s a million lines)`,
    );
    console.log(
      JSON.stringify({
        lines: LINES,
        runs: RUNS,
        ...Object.fromEntries(Object.entries(medians).map(([name, s]) => [`${name}_s`, round2(s)])),
        floor_s: round2(floor),
        floor_over_copy: round2(floor / medians.copy),
        figure_s: round2(figure),
        floor_without_rows_s: round2(withoutRows),
        floor_within_figure: withoutRows <= figure,
        product_s: round2(product.seconds),
        product_over_copy: round2(product.seconds / medians.copy),
      }),
    );
  } finally {
    client.release();
    await pool.end();
    await app.close();
    await rm(file, { force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
