import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Restarts the local Redis with nothing kept (as this machine runs it):
 * every queued job is gone, so whatever the product had only in Redis is
 * lost unless it can rebuild it from PostgreSQL.
 */
export async function restartRedis(port = 6379): Promise<void> {
  try {
    execFileSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { stdio: 'ignore' });
  } catch {
    // redis-cli reports the dropped connection as an error
  }
  await sleep(1000);
  execFileSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction']);
  for (let i = 0; i < 50; i++) {
    try {
      if (execFileSync('redis-cli', ['-p', String(port), 'ping']).toString().trim() === 'PONG') return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error('Redis did not come back');
}

/** Restarts the local PostgreSQL cluster: every connection of every app is cut. */
export async function restartPostgres(): Promise<void> {
  const version = readdirSync('/etc/postgresql')[0];
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']);
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error('PostgreSQL did not come back');
}
