import { execFileSync } from 'node:child_process';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const portOf = (url: string, fallback: number) => Number(new URL(url).port || fallback);

/**
 * Restarts the local Redis serving `redisUrl` with nothing kept (as this
 * machine runs it): every queued job is gone, so whatever the product had
 * only in Redis is lost unless it can rebuild it from PostgreSQL.
 */
export async function restartRedis(redisUrl: string): Promise<void> {
  await stopRedis(redisUrl);
  await sleep(1000);
  await startRedis(redisUrl);
}

/** Shuts the local Redis serving `redisUrl` down, keeping nothing; `startRedis` brings it back empty. */
export async function stopRedis(redisUrl: string): Promise<void> {
  const port = portOf(redisUrl, 6379);
  try {
    execFileSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { stdio: 'ignore' });
  } catch {
    // redis-cli reports the dropped connection as an error
  }
  for (let i = 0; i < 50; i++) {
    try {
      execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
    } catch {
      return;
    }
    await sleep(100);
  }
  throw new Error('Redis did not stop');
}

export async function startRedis(redisUrl: string): Promise<void> {
  const port = portOf(redisUrl, 6379);
  execFileSync('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--save',
    '',
    '--appendonly',
    'no',
    '--maxmemory-policy',
    'noeviction',
  ]);
  for (let i = 0; i < 50; i++) {
    try {
      if (
        execFileSync('redis-cli', ['-p', String(port), 'ping'])
          .toString()
          .trim() === 'PONG'
      )
        return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error('Redis did not come back');
}

/**
 * Restarts the local PostgreSQL cluster serving `databaseUrl` (found by its
 * port among the clusters pg_lsclusters lists): every connection of every app is cut.
 */
export async function restartPostgres(databaseUrl: string): Promise<void> {
  const port = portOf(databaseUrl, 5432);
  const cluster = execFileSync('pg_lsclusters', ['--no-header'])
    .toString()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => Number(fields[2]) === port);
  if (!cluster) throw new Error(`no local PostgreSQL cluster listens on port ${port}`);
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster[0], cluster[1], 'restart'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('pg_isready', ['-h', '127.0.0.1', '-p', String(port), '-q']);
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error('PostgreSQL did not come back');
}
