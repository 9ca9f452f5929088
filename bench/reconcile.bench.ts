/**
 * npm run bench:reconcile: generates a realistic AWS billing-event feed of
 * 1,000,000 lines (and one of 100,000, to show how cost grows), reconciles
 * each through the product's own import path (the one the import CLI uses:
 * the raw bytes streamed into COPY into a staging table, checked and stored
 * set-based in PostgreSQL, then matched), and measures in the same run the raw rate of csv-parse alone, on
 * one thread, with the same options, on the same 1M file (reconcile-prepare,
 * in a child process, so that the generator's memory is not the product's).
 * The raw parse runs once before the product and once after it, and the
 * ratio is taken against both together: this machine's speed drifts by 10%
 * and more within minutes, and one raw parse measured at another moment
 * than the product moved the ratio by as much.
 * Both feeds' verdicts must be exactly the mix the generator put in (see
 * benchVerdict), else the run fails: a fast reconciliation that reaches the
 * wrong verdicts is no result. The same run also times a bare COPY of the
 * 1M file's raw bytes into an unindexed text table (raw_copy_s): the floor
 * PostgreSQL itself sets here, which ratio_vs_copy compares the product to.
 * The imports run BENCH_RECONCILE_RUNS times (3 by default), each on a fresh
 * database, and the figures are their medians; the median run's statements
 * are listed with the time each took (StatementTimings), to show where the
 * time goes. The last line is one JSON object.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@bridge/config';
import { ReconciliationImportService } from '@bridge/reconciliation';
import { ReconciliationStandaloneModule } from '@bridge/reconciliation';
import { assertBenchVerdicts, BENCH_FEED_HEADER, seedBenchAgreements, type BenchFeed } from './reconcile-feed.generator';
import { settleBenchDatabase } from './support/bench-database';
import { median, round2 } from './support/figures';
import { rawCopySeconds } from './support/raw-copy';
import { StatementTimings, type StatementTiming } from './support/statement-timings';
import { timedFeedImport } from './support/timed-feed-import';

const ROOT = path.join(__dirname, '..', '..');
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bridge_test_bench_reconcile';
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const SMALL_LINES = Math.round(LINES / 10);
/** Runs of the import (each on a fresh database); the figures are their medians. */
const RUNS = Number(process.env.BENCH_RECONCILE_RUNS ?? 3);

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, DATABASE_URL }, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

async function main() {
  const dir = tmpdir();
  const big = path.join(dir, `bench-feed-${LINES}.csv`);
  const small = path.join(dir, `bench-feed-${SMALL_LINES}.csv`);
  const { bigFeed, smallFeed, rawSeconds } = prepare<{ bigFeed: BenchFeed; smallFeed: BenchFeed; rawSeconds: number }>([
    big,
    String(LINES),
    small,
    String(SMALL_LINES),
  ]);
  console.log(`feeds: ${LINES} lines (${bigFeed.items} items), ${SMALL_LINES} lines (${smallFeed.items} items)`);
  console.log(
    `raw csv-parse of the ${LINES}-line file (one thread, its own process), before: ${rawSeconds.toFixed(2)} s, ${Math.round(LINES / rawSeconds)} lines/s`,
  );

  const timings = new StatementTimings();
  let firstRunPeakMb = 0;
  const runs: { big: number; small: number; items: number; statements: StatementTiming[] }[] = [];
  for (let n = 1; n <= RUNS; n++) {
    // Each run from a fresh database: the same work every time, not a second import of the same items.
    run('node', ['tools/recreate-database.js', DATABASE_URL]);
    run('node', ['dist/tools/prisma-migrate/main.js', 'deploy']);
    await seedBenchAgreements(DATABASE_URL, 'b1m', 0, bigFeed.items);
    await seedBenchAgreements(DATABASE_URL, 'b100k', 0, smallFeed.items);
    const config = loadConfig({ ...process.env, DATABASE_URL, LOG_LEVEL: 'warn' });
    const app = await NestFactory.createApplicationContext(ReconciliationStandaloneModule.forRoot(config), { logger: ['error', 'warn'] });
    const service = app.get(ReconciliationImportService);
    await settleBenchDatabase(DATABASE_URL);
    const smallRun = await timedFeedImport(service, small);
    await settleBenchDatabase(DATABASE_URL);
    timings.reset();
    const bigRun = await timedFeedImport(service, big);
    runs.push({ big: bigRun.seconds, small: smallRun.seconds, items: bigRun.items, statements: timings.top(100) });
    // The process's peak so far: after the first run, the peak of one run (its 100k and 1M imports) alone.
    if (n === 1) firstRunPeakMb = Math.round(process.resourceUsage().maxRSS / 1024);
    await app.close();
    console.log(
      `run ${n} of ${RUNS}: ${LINES} lines ${bigRun.seconds.toFixed(2)} s (${bigRun.items} items, ${bigRun.superseded} superseded rows), ` +
        `${SMALL_LINES} lines ${smallRun.seconds.toFixed(2)} s (${smallRun.items} items)`,
    );
    // Every run must reach the generator's verdicts: a fast run with wrong verdicts is no result.
    await assertBenchVerdicts(DATABASE_URL, 'b1m', bigFeed);
    await assertBenchVerdicts(DATABASE_URL, 'b100k', smallFeed);
  }
  timings.restore();
  const after = prepare<{ rawSeconds: number }>(['--raw', big]);
  console.log(
    `raw csv-parse of the ${LINES}-line file, after: ${after.rawSeconds.toFixed(2)} s, ${Math.round(LINES / after.rawSeconds)} lines/s`,
  );
  const rawRate = (2 * LINES) / (rawSeconds + after.rawSeconds);
  await settleBenchDatabase(DATABASE_URL);
  const rawCopy = await rawCopySeconds(DATABASE_URL, big, BENCH_FEED_HEADER.length);
  console.log(`bare COPY of the ${LINES}-line file into an unindexed text table: ${rawCopy.toFixed(2)} s`);

  await Promise.all([rm(big), rm(small)]);
  const verdicts = await assertBenchVerdicts(DATABASE_URL, 'b1m', bigFeed);
  console.log(
    `verdicts of the ${LINES}-line feed, as the generator made them, every run: ${Object.entries(verdicts)
      .map(([status, n]) => `${status} ${n}`)
      .join(', ')}`,
  );
  const medianRun = [...runs].sort((a, b) => a.big - b.big)[Math.floor(runs.length / 2)]!;
  console.log(`where the ${LINES}-line import's time went, statement by statement (the median run; the COPY itself is not listed):`);
  for (const t of medianRun.statements)
    console.log(`  ${(t.ms / 1000).toFixed(2).padStart(7)} s ${String(t.count).padStart(4)}x  ${t.statement}`);

  const seconds = median(runs.map((r) => r.big));
  const seconds100k = median(runs.map((r) => r.small));
  const linesPerS = LINES / seconds;
  console.log(
    JSON.stringify({
      lines: LINES,
      runs: RUNS,
      seconds: round2(seconds),
      seconds_each: runs.map((r) => round2(r.big)),
      lines_per_s: Math.round(linesPerS),
      raw_parse_lines_per_s: Math.round(rawRate),
      raw_parse_lines_per_s_before: Math.round(LINES / rawSeconds),
      raw_parse_lines_per_s_after: Math.round(LINES / after.rawSeconds),
      ratio: round2(linesPerS / rawRate),
      raw_copy_s: round2(rawCopy),
      ratio_vs_copy: round2(seconds / rawCopy),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      peak_rss_mb_first_run: firstRunPeakMb,
      seconds_100k: round2(seconds100k),
      growth: round2(seconds / seconds100k),
      items: medianRun.items,
    }),
  );
}

/** reconcile-prepare in a child process (see there); its last line, parsed, once its raw parse is known to have read every line. */
function prepare<T>(args: string[]): T {
  const prepared = spawnSync('node', [path.join(__dirname, 'reconcile-prepare.js'), ...args], { encoding: 'utf8' });
  if (prepared.status !== 0) throw new Error(`reconcile-prepare ${args.join(' ')} failed: ${prepared.stderr}`);
  const result = JSON.parse(prepared.stdout.trim().split('\n').at(-1) as string) as T & { rawLines: number };
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
