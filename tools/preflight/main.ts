/**
 * Before `npm start` and `npm test` do anything else: are PostgreSQL and
 * Redis there? Each gets one quick try, so a missing one is reported in one
 * screen with the command that gets it, not deep inside a build or a test
 * run as a connection error. Exits 1 when either is not ready.
 */
import { loadConfig } from '@bridge/config';
import { probePostgres, probeRedis } from './dependency-probes';
import { preflightReport } from './preflight-report';

/** Long enough for a busy machine to answer on the loopback, short enough not to make anyone wait for a service that is not there. */
const PROBE_TIMEOUT_MS = 3_000;

async function main(): Promise<number> {
  const config = loadConfig();
  const results = await Promise.all([probePostgres(config.DATABASE_URL, PROBE_TIMEOUT_MS), probeRedis(config.REDIS_URL, PROBE_TIMEOUT_MS)]);
  const report = preflightReport(results);
  if (report === null) return 0;
  console.error(`\n${report}\n`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    // A configuration error already names each variable at fault.
    console.error(error.message);
    process.exit(1);
  },
);
