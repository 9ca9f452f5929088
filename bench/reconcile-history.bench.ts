/**
 * npm run bench:reconcile-history: the daily case. AWS appends to the
 * month's billing event file every day, so the same file arrives again,
 * longer: IMPORTS files are imported in turn, each the day before's bytes
 * and 500 more lines (new billing events after the same events again),
 * through the product's own import path, and each import is timed. The
 * intake still reads each file whole (storing each event once, by byte
 * offset, is not built yet: see FEEDS.md), and every import shares every
 * item with the imports before it; without pruning what can no longer be
 * current, each would read back every copy of its items' events that every
 * earlier import stored, and take longer with each day. The agreements of each day's new items are seeded (not
 * timed) before its import, so matching has work to do; after the last
 * import every item's verdict must be exactly what the generator put in
 * the last file, else the run fails. The last line is one JSON object.
 */
import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import { loadConfig } from '@bridge/config';
import { ReconciliationImportService } from '@bridge/reconciliation';
import { ReconciliationStandaloneModule } from '@bridge/reconciliation';
import { assertBenchVerdicts, seedBenchAgreements, writeBenchFeed, type BenchFeed } from './reconcile-feed.generator';
import { prepareBenchDatabase } from './support/bench-database';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bridge_test_bench_reconcile_history';
const IMPORTS = Number(process.env.BENCH_IMPORTS ?? 30);
const FIRST_LINES = Number(process.env.BENCH_LINES ?? 25_000);
const MORE_LINES_A_DAY = 500;

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

async function main() {
  await prepareBenchDatabase(DATABASE_URL);
  const config = loadConfig({ ...process.env, DATABASE_URL, LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(ReconciliationStandaloneModule.forRoot(config), { logger: ['error', 'warn'] });
  const service = app.get(ReconciliationImportService);
  const seconds: number[] = [];
  let feed: BenchFeed = { items: 0, verdicts: {}, cutShort: null };
  for (let day = 0; day < IMPORTS; day++) {
    const file = path.join(tmpdir(), `bench-history-${day}.csv`);
    const lines = FIRST_LINES + day * MORE_LINES_A_DAY;
    // The same prefix every day: the same items, their events sent again.
    const seeded = feed.items;
    feed = await writeBenchFeed(file, lines, 'hist');
    await seedBenchAgreements(DATABASE_URL, 'hist', seeded, feed.items);
    const started = process.hrtime.bigint();
    const record = await service.begin({
      feed: 'AWS_BILLING_EVENTS',
      fileName: path.basename(file),
      origin: 'path',
      onMalformed: 'REFUSE',
      actor: 'bench',
    });
    const result = await service.run(record.id, createReadStream(file, { highWaterMark: 1 << 20 }), 'inline');
    if (result.status !== 'COMPLETED') throw new Error(`import ${day + 1} ended ${JSON.stringify(result)}`);
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    await rm(file);
    console.log(
      `import ${day + 1}: ${lines} lines in ${seconds[day].toFixed(2)} s (${result.items} items, ${result.superseded} superseded rows in all)`,
    );
  }
  await app.close();
  const verdicts = await assertBenchVerdicts(DATABASE_URL, 'hist', feed);
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
      last_lines: FIRST_LINES + (IMPORTS - 1) * MORE_LINES_A_DAY,
      stored_rows: stored.rows,
      rows_listed_for_read_back: stored.versionsListed,
      first_5_mean_seconds: round(first),
      last_5_mean_seconds: round(last),
      // The files grow too (by 58% over 30 days at the defaults): the time per line is what should stay flat.
      last_over_first_per_line: round(
        last / (FIRST_LINES + (IMPORTS - 3) * MORE_LINES_A_DAY) / (first / (FIRST_LINES + 2 * MORE_LINES_A_DAY)),
      ),
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
