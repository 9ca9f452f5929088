import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * The physical floor of reading a feed into PostgreSQL on this machine: the
 * file's raw bytes through `COPY ... FROM STDIN (FORMAT csv)` into an
 * unlogged, unindexed table of text columns, one per header column, and
 * nothing else (no check, no total). Seconds; the table is dropped after.
 */
export async function rawCopySeconds(databaseUrl: string, file: string, columns: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const names = Array.from({ length: columns }, (_, i) => `c${i}`);
    await client.query(`DROP TABLE IF EXISTS bench_raw_copy`);
    await client.query(`CREATE UNLOGGED TABLE bench_raw_copy (${names.map((n) => `${n} text`).join(', ')})`);
    const started = process.hrtime.bigint();
    await pipeline(
      createReadStream(file, { highWaterMark: 1 << 20 }),
      client.query(copyFrom(`COPY bench_raw_copy FROM STDIN (FORMAT csv, HEADER true)`)),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await client.query(`DROP TABLE bench_raw_copy`);
    return seconds;
  } finally {
    await client.end();
  }
}
