import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A fresh, migrated database for a benchmark run, so figures never depend on earlier runs. */
export async function prepareBenchDatabase(databaseUrl: string): Promise<void> {
  for (const args of [
    [path.join(ROOT, 'tools', 'recreate-database.js'), databaseUrl],
    [path.join(ROOT, 'dist', 'tools', 'prisma-migrate', 'main.js'), 'deploy'],
  ]) {
    const result = spawnSync(process.execPath, args, { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  }
}

/**
 * Settles a benchmark's database between steps (not timed): vacuum and
 * statistics for what the previous step wrote, and a checkpoint, so that one
 * step does not pay for the background work the step before it left behind.
 */
export async function settleBenchDatabase(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}
