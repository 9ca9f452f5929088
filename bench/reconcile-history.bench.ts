/**
 * npm run bench:reconcile-history: the daily case. AWS appends to the
 * month's billing event file every day, so the same file arrives again,
 * longer: IMPORTS files are imported in turn, each the day before's bytes
 * and 1% more lines (BENCH_GROWTH), through the product's own import path,
 * and each import is timed. The product recognises the day before's bytes
 * and reads only what was appended (FEEDS.md), so a day should cost about
 * what its new lines cost alone: after the last day, a file of only the
 * last day's new lines (its header, then those lines) is imported into a
 * fresh database with the same agreements and timed, and
 * last_over_new_lines_alone compares the last day's import with it. The
 * agreements of each day's new items are seeded (not timed) before its
 * import, so matching has work to do; after the last import every item's
 * verdict must be exactly what the generator put in the last file, else the
 * run fails. The last line is one JSON object.
 */
import 'reflect-metadata';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { loadConfig } from '@bridge/config';
import { ReconciliationImportService } from '@bridge/reconciliation';
import { ReconciliationStandaloneModule } from '@bridge/reconciliation';
import { assertBenchVerdicts, seedBenchAgreements, writeBenchFeed, type BenchFeed } from './reconcile-feed.generator';
import { prepareBenchDatabase } from './support/bench-database';
import { timedFeedImport } from './support/timed-feed-import';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bridge_test_bench_reconcile_history';
const IMPORTS = Number(process.env.BENCH_IMPORTS ?? 30);
const FIRST_LINES = Number(process.env.BENCH_LINES ?? 25_000);
const GROWTH = Number(process.env.BENCH_GROWTH ?? 0.01);
const linesOnDay = (day: number) => Math.round(FIRST_LINES * (1 + GROWTH) ** day);

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const round = (n: number) => Math.round(n * 100) / 100;

async function storedCounts(): Promise<{ rows: number; versionsListed: number }> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ rows: string; listed: string }>(
      `SELECT (SELECT count(*) FROM billing_feed_row) AS rows, (SELECT coalesce(sum(cardinality(lines)), 0) FROM billing_feed_item) AS listed`,
    );
    return { rows: Number(rows[0].rows), versionsListed: Number(rows[0].listed) };
  } finally {
    await client.end();
  }
}

/** Imports one file through the product's own path in a context of its own; seconds. */
async function timedImport(databaseUrl: string, file: string): Promise<{ seconds: number; items: number; superseded: number }> {
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(ReconciliationStandaloneModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const { seconds, items, superseded } = await timedFeedImport(app.get(ReconciliationImportService), file);
    return { seconds, items, superseded };
  } finally {
    await app.close();
  }
}

async function main() {
  await prepareBenchDatabase(DATABASE_URL);
  const config = loadConfig({ ...process.env, DATABASE_URL, LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(ReconciliationStandaloneModule.forRoot(config), { logger: ['error', 'warn'] });
  const service = app.get(ReconciliationImportService);
  let lastNewLines = '';
  const seconds: number[] = [];
  let feed: BenchFeed = { items: 0, verdicts: {}, cutShort: null };
  for (let day = 0; day < IMPORTS; day++) {
    const file = path.join(tmpdir(), `bench-history-${day}.csv`);
    const lines = linesOnDay(day);
    // The same prefix every day: the same items, their events sent again.
    const seeded = feed.items;
    feed = await writeBenchFeed(file, lines, 'hist');
    await seedBenchAgreements(DATABASE_URL, 'hist', seeded, feed.items);
    const result = await timedFeedImport(service, file);
    seconds.push(result.seconds);
    if (day === IMPORTS - 1) {
      // The last day's new lines alone: the header, then the lines after the day before's.
      const all = (await readFile(file, 'utf8')).split('\n');
      lastNewLines = [all[0], ...all.slice(1 + linesOnDay(day - 1))].join('\n');
    }
    await rm(file);
    console.log(
      `import ${day + 1}: ${lines} lines in ${seconds[day].toFixed(2)} s (${result.items} items, ${result.superseded} superseded rows in all)`,
    );
  }
  await app.close();
  const verdicts = await assertBenchVerdicts(DATABASE_URL, 'hist', feed);
  // The same new lines as a file of their own, in a fresh database holding the same agreements.
  const aloneUrl = `${DATABASE_URL}_new_lines`;
  await prepareBenchDatabase(aloneUrl);
  await seedBenchAgreements(aloneUrl, 'hist', 0, feed.items);
  const aloneFile = path.join(tmpdir(), 'bench-history-new-lines.csv');
  await writeFile(aloneFile, lastNewLines);
  const alone = await timedImport(aloneUrl, aloneFile);
  await rm(aloneFile);
  const newLines = linesOnDay(IMPORTS - 1) - linesOnDay(IMPORTS - 2);
  console.log(`the last day's ${newLines} new lines alone, in a fresh database: ${alone.seconds.toFixed(2)} s`);
  console.log(
    `verdicts after the last import, as the generator made them: ${Object.entries(verdicts)
      .map(([status, n]) => `${status} ${n}`)
      .join(', ')}`,
  );
  const stored = await storedCounts();
  const first = mean(seconds.slice(0, 5));
  const last = mean(seconds.slice(-5));
  console.log(`stored: ${stored.rows} rows, of which ${stored.versionsListed} still listed for read-back`);
  console.log(
    JSON.stringify({
      imports: IMPORTS,
      first_lines: FIRST_LINES,
      last_lines: linesOnDay(IMPORTS - 1),
      last_new_lines: newLines,
      last_seconds: round(seconds[IMPORTS - 1]),
      new_lines_alone_seconds: round(alone.seconds),
      // The issue's target: at most 2.
      last_over_new_lines_alone: round(seconds[IMPORTS - 1] / alone.seconds),
      stored_rows: stored.rows,
      rows_listed_for_read_back: stored.versionsListed,
      first_5_mean_seconds: round(first),
      last_5_mean_seconds: round(last),
      // The files grow (by a third over 30 days at 1% a day): the time per line is what stays flat when a day costs what it reads.
      last_over_first_per_line: round(last / linesOnDay(IMPORTS - 3) / (first / linesOnDay(2))),
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
