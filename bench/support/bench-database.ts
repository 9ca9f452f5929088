import { spawnSync } from 'node:child_process';
import path from 'node:path';

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
