/**
 * npm run test:faults
 *
 * Runs the product as separate processes (sandbox, API, two attribution
 * bridges, metering, private offers, listing sync) on a fresh database and,
 * while a workload flows (offers accepted in the sandbox, revenue events,
 * usage), inflicts: SIGKILL of every worker kind in the middle of its work,
 * a Redis restart (every queued job lost), a PostgreSQL restart, throttling
 * and 5xx storms from the sandbox. Then it waits for the product to settle
 * and checks the ledgers against what the workload sent and expects (per
 * partner and per event, worked out from the world it seeded) and what the
 * sandbox recorded. The last line is one JSON object; the exit code is 1
 * when anything was lost, counted twice, credited to the wrong partner, or
 * when the product stored a different set of events than was sent.
 *
 * It restarts the Redis and the PostgreSQL cluster it runs on (REDIS_URL,
 * FAULT_DATABASE_URL): point them at servers no one else is using.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@bridge/config';
import { AppProcess, checkCreditsPerPartner, creditsExact, deleteQueueKeys, describeCreditCheck, freePort, queryDatabase, waitUntilHealthy, type AppName } from '@bridge/testing';
import { prepareBenchDatabase } from '../bench/support/bench-database';
import { FaultWorkload } from './support/fault-workload';
import { restartPostgres, restartRedis } from './support/infrastructure';
import { UsageWorkload } from './support/usage-workload';

const RUN_SECONDS = Number(process.env.FAULT_RUN_SECONDS ?? 60);
const KILL_EVERY_MS = 2500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function sandboxFault(sandboxUrl: string, operation: string, kind: string, count: number): Promise<void> {
  await fetch(`${sandboxUrl}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operation, kind, count }) });
}

/**
 * Waits for `work` unless the API or the sandbox dies first (they are not
 * among the processes the suite kills): the workload would otherwise retry
 * against a dead server forever.
 */
async function whileUp<T>(work: Promise<T>, apps: AppProcess[]): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const died = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const dead = apps.find((app) => !app.running);
      if (dead) reject(new Error(`${dead.name} died:\n${dead.logs()}`));
    }, 500);
  });
  try {
    return await Promise.race([work, died]);
  } finally {
    clearInterval(timer);
  }
}

async function settled(databaseUrl: string, sandboxUrl: string, usage: UsageWorkload): Promise<string | null> {
  const [row] = await queryDatabase<{ events: string; revenue: string }>(
    databaseUrl,
    `SELECT (SELECT count(*) FROM marketplace_event WHERE processed_at IS NULL) AS events,
            (SELECT count(*) FROM revenue_event WHERE processed_at IS NULL) AS revenue`,
  );
  if (row.events !== '0') return `${row.events} marketplace events unprocessed`;
  if (row.revenue !== '0') return `${row.revenue} revenue events unprocessed`;
  const events = (await (await fetch(`${sandboxUrl}/_sandbox/events?channel=eventbridge&status=pending`)).json()) as { events: unknown[] };
  if (events.events.length) return `${events.events.length} sandbox events still being delivered`;
  return usage.pending(databaseUrl);
}

async function main(): Promise<void> {
  const base = loadConfig();
  const databaseUrl = process.env.FAULT_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bridge_faults_test';
  await prepareBenchDatabase(databaseUrl);
  await FaultWorkload.seed(databaseUrl);
  const [port, sandboxPort] = [await freePort(), await freePort()];
  const adminKey = `faults-admin-${randomBytes(12).toString('hex')}`;
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: base.REDIS_URL,
    QUEUE_PREFIX: `faults-${randomBytes(4).toString('hex')}`,
    PORT: String(port),
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_EVENT_TARGET_URL: `http://127.0.0.1:${port}`,
    BOOTSTRAP_ADMIN_API_KEY: adminKey,
    INBOX_SWEEP_INTERVAL_MS: '2000',
    API_RATE_LIMIT_PER_KEY: '1000000',
    LOG_LEVEL: 'warn',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...UsageWorkload.environment(),
  };
  const apiUrl = `http://127.0.0.1:${port}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const sandbox = new AppProcess('marketplace-sandbox', env).start();
  const api = new AppProcess('api', env).start();
  const workers: AppProcess[] = (['attribution-bridge', 'attribution-bridge', 'metering', 'metering', 'private-offers', 'listing-sync'] as AppName[]).map((name) =>
    new AppProcess(name, env).start(),
  );
  let kills = 0;
  let restarts = 0;
  try {
    await waitUntilHealthy(`${sandboxUrl}/_sandbox/clock`, sandbox);
    await waitUntilHealthy(`${apiUrl}/health`, api);
    // The clouds retry a failed delivery for hours; the sandbox does so for minutes here.
    await fetch(`${sandboxUrl}/_sandbox/events/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ maxAttempts: 15, baseDelayMs: 300 }) });
    const workload = new FaultWorkload(apiUrl, sandboxUrl, adminKey);
    const usage = new UsageWorkload(apiUrl, sandboxUrl, adminKey);
    await usage.prepare(databaseUrl);
    log(`product up; workload and faults for ${RUN_SECONDS}s`);

    const flows = [workload.runAgreements(150), workload.runRevenueEvents(200, 50), usage.run(200)];
    const started = Date.now();
    let nextKill = started + KILL_EVERY_MS;
    const plan = [
      { at: 8, what: 'throttling and 5xx storm on DescribeAgreement and BatchMeterUsage', run: async () => {
        await sandboxFault(sandboxUrl, 'DescribeAgreement', 'throttle', 30);
        await sandboxFault(sandboxUrl, 'DescribeAgreement', 'error5xx', 30);
        await sandboxFault(sandboxUrl, 'BatchMeterUsage', 'throttle', 40);
        await sandboxFault(sandboxUrl, 'BatchMeterUsage', 'error5xx', 40);
      } },
      { at: Math.round(RUN_SECONDS * 0.35), what: 'Redis restart (every queued job lost)', run: async () => { await restartRedis(base.REDIS_URL); restarts += 1; } },
      { at: Math.round(RUN_SECONDS * 0.65), what: 'PostgreSQL restart', run: async () => { await restartPostgres(databaseUrl); restarts += 1; } },
    ];
    while (Date.now() - started < RUN_SECONDS * 1000) {
      const elapsed = (Date.now() - started) / 1000;
      const due = plan.find((p) => p.at <= elapsed);
      if (due) {
        plan.splice(plan.indexOf(due), 1);
        log(due.what);
        await due.run();
      }
      if (Date.now() >= nextKill) {
        const victim = workers[kills % workers.length];
        await victim.stop('SIGKILL');
        kills += 1;
        log(`SIGKILL ${victim.name} (kill ${kills})`);
        await sleep(300);
        victim.start();
        nextKill += KILL_EVERY_MS;
      }
      await sleep(100);
    }
    workload.stop();
    usage.stop();
    await whileUp(Promise.all(flows), [api, sandbox]);
    log(`workload stopped: ${workload.expectedAgreementCredit.size} agreements, ${workload.revenueEventsSent} revenue events, ${usage.recordsSent} usage records; waiting for the product to settle`);
    const deadline = Date.now() + 240_000;
    let waiting: string | null = 'not checked';
    while (Date.now() < deadline && (waiting = await settled(databaseUrl, sandboxUrl, usage)) !== null) await sleep(1000);
    if (waiting) log(`did not settle: ${waiting}`);

    const agreements = await checkCreditsPerPartner(databaseUrl, 'agreement', workload.expectedAgreementCredit);
    const revenue = await checkCreditsPerPartner(databaseUrl, 'revenue', workload.expectedRevenueCredit);
    const metered = await usage.check(databaseUrl);
    log(`agreements: ${describeCreditCheck(agreements)}`);
    log(`revenue events: ${describeCreditCheck(revenue)}`);
    log(`usage: ${metered.describe}`);
    const result = {
      kills,
      restarts,
      agreements: agreements.expected,
      revenue_events_sent: workload.revenueEventsSent,
      revenue_events_stored: revenue.stored,
      usage_records: usage.recordsSent,
      usage_lost: metered.lost,
      usage_duplicated: metered.duplicated,
      credits_lost: agreements.lost + agreements.missing + revenue.lost + revenue.missing,
      credits_duplicated: agreements.duplicated + revenue.duplicated + revenue.unexpected,
      credits_misattributed: agreements.misattributed + revenue.misattributed,
      settled: waiting === null,
    };
    console.log(JSON.stringify(result));
    const exact =
      creditsExact(agreements) &&
      creditsExact(revenue) &&
      revenue.expected === workload.revenueEventsSent &&
      result.usage_lost + result.usage_duplicated === 0;
    process.exitCode = exact && result.settled && kills >= 20 ? 0 : 1;
  } finally {
    for (const app of [...workers, api, sandbox]) await app.stop();
    await deleteQueueKeys(base.REDIS_URL, env.QUEUE_PREFIX).catch(() => undefined);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
