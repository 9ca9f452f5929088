import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '@bridge/config';
import { freePort } from '@bridge/testing';
import { probePostgres, probeRedis } from './dependency-probes';

const PREFLIGHT = path.join(__dirname, '..', 'preflight.js');

/** `node tools/preflight.js` as `npm start` and `npm test` run it, with these settings. */
function preflight(env: Record<string, string>) {
  const started = Date.now();
  const run = spawnSync(process.execPath, [PREFLIGHT], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, output: run.stdout + run.stderr, seconds: (Date.now() - started) / 1000 };
}

describe('preflight: PostgreSQL and Redis before anything else (real services, and ports nothing listens on)', () => {
  it('stops at once with one screen naming both, and how to get them, when neither is there', async () => {
    const [pgPort, redisPort] = [await freePort(), await freePort()];
    const run = preflight({
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${pgPort}/bridge`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    });
    expect(run.status).toBe(1);
    expect(run.output).toContain(`PostgreSQL  127.0.0.1:${pgPort} (DATABASE_URL)`);
    expect(run.output).toContain(`Redis       127.0.0.1:${redisPort} (REDIS_URL)`);
    expect(run.output).toContain('sudo apt-get install -y postgresql redis-server');
    expect(run.output).toContain('docker compose -f docker-compose.dev.yml up -d postgres redis');
    expect(run.seconds).toBeLessThan(10);
  });

  it('passes quietly on the machine’s own PostgreSQL and Redis', () => {
    const run = preflight({});
    expect([run.status, run.output]).toEqual([0, '']);
  });

  it('finds no fault in a database that does not exist yet: npm start creates it', async () => {
    const url = new URL(loadConfig().DATABASE_URL);
    url.pathname = '/bridge_never_created_by_anyone';
    expect(await probePostgres(url.toString(), 3_000)).toMatchObject({ answered: true, problem: null });
  });

  it('reports a Redis that is not there without retrying', async () => {
    const started = Date.now();
    expect(await probeRedis(`redis://127.0.0.1:${await freePort()}`, 3_000)).toMatchObject({
      answered: false,
      problem: 'nothing listens there',
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
