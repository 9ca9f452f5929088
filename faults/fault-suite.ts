/**
 * npm run test:faults
 *
 * Runs the product as separate processes (sandbox, API, two attribution
 * bridges, metering, private offers, listing sync) on a fresh database and,
 * while a workload flows (offers accepted in the sandbox, revenue events,
 * usage), inflicts: SIGKILL of every worker kind in the middle of its work,
 * a Redis restart (every queued job lost), a PostgreSQL restart, throttling
 * and 5xx storms from the sandbox, jobs failing past their retries while
 * the sandbox refuses DescribeAgreement for longer than they keep trying
 * (only the inbox sweep can deliver them again), and conflicts settled by
 * sales ops while Redis is down (only the re-credit outbox's sweep can
 * deliver their re-credits). Then it waits for the product to settle
 * and checks the ledgers against what the workload sent and expects (per
 * partner and per event, worked out from the world it seeded) and what the
 * sandbox recorded. The last line is one JSON object; the exit code is 1
 * when anything was lost, counted twice, credited to the wrong partner, or
 * when the product stored a different set of events than was sent, or when
 * the credit rollups (what dashboards read) differ from the ledger's own sum.
 * Meanwhile the sandbox invoices and pays out agreements into its data-feed
 * bucket, which the bridges poll: every billing event must be stored once,
 * every paid item MATCHED, and the reconciliation totals equal the items.
 *
 * It restarts the Redis and the PostgreSQL cluster it runs on (REDIS_URL,
 * FAULT_DATABASE_URL): point them at servers no one else is using.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@bridge/config';
import {
  AppProcess,
  ExpectedCredits,
  checkCreditRollups,
  checkCreditsPerPartner,
  creditsExact,
  deleteQueueKeys,
  describeCreditCheck,
  describeRollupCheck,
  freePort,
  queryDatabase,
  rollupsExact,
  waitUntilHealthy,
  type AppName,
} from '@bridge/testing';
import { prepareBenchDatabase } from '../bench/support/bench-database';
import { FaultWorkload } from './support/fault-workload';
import { FeedWorkload, describeFeedCheck, feedExact } from './support/feed-workload';
import { restartPostgres, startRedis, stopRedis } from './support/infrastructure';
import { PastRetries } from './support/past-retries';
import { UsageWorkload } from './support/usage-workload';

const RUN_SECONDS = Number(process.env.FAULT_RUN_SECONDS ?? 60);
const KILL_EVERY_MS = 2500;
/** Fewer kills than this and the run proved too little: it runs on (up to MAX_RUN_SECONDS) until it has them and every planned fault. */
const MIN_KILLS = 20;
const MAX_RUN_SECONDS = RUN_SECONDS * 4;
/** Purchases held as conflicts, settled while Redis is down. */
const CONTESTED_PURCHASES = 3;
/** Jobs made to fail past their retries. */
const PAST_RETRY_JOBS = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function sandboxFault(sandboxUrl: string, operation: string, kind: string, count: number): Promise<void> {
  await fetch(`${sandboxUrl}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operation, kind, count }),
  });
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

async function settled(databaseUrl: string, sandboxUrl: string, usage: UsageWorkload, feeds: FeedWorkload): Promise<string | null> {
  const [row] = await queryDatabase<{ events: string; revenue: string }>(
    databaseUrl,
    `SELECT (SELECT count(*) FROM marketplace_event WHERE processed_at IS NULL) AS events,
            (SELECT count(*) FROM revenue_event WHERE processed_at IS NULL) AS revenue`,
  );
  if (row.events !== '0') return `${row.events} marketplace events unprocessed`;
  if (row.revenue !== '0') return `${row.revenue} revenue events unprocessed`;
  const [recredits] = await queryDatabase<{ pending: string }>(
    databaseUrl,
    `SELECT count(*) AS pending FROM agreement_recredit WHERE completed_at IS NULL`,
  );
  if (recredits.pending !== '0') return `${recredits.pending} re-credits of settled conflicts not done`;
  const events = (await (await fetch(`${sandboxUrl}/_sandbox/events?channel=eventbridge&status=pending`)).json()) as { events: unknown[] };
  if (events.events.length) return `${events.events.length} sandbox events still being delivered`;
  return (await usage.pending(databaseUrl)) ?? feeds.pending();
}

async function main(): Promise<void> {
  const base = loadConfig();
  const databaseUrl = process.env.FAULT_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bridge_faults_test';
  await prepareBenchDatabase(databaseUrl);
  await FaultWorkload.seed(databaseUrl);
  const [port, sandboxPort, entraPort] = [await freePort(), await freePort(), await freePort()];
  const adminKey = `faults-admin-${randomBytes(12).toString('hex')}`;
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: base.REDIS_URL,
    QUEUE_PREFIX: `faults-${randomBytes(4).toString('hex')}`,
    PORT: String(port),
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_ENTRA_PORT: String(entraPort),
    SANDBOX_EVENT_TARGET_URL: `http://127.0.0.1:${port}`,
    BOOTSTRAP_ADMIN_API_KEY: adminKey,
    INBOX_SWEEP_INTERVAL_MS: '2000',
    // Redis comes back empty from its restart: the sweeps' schedulers must be declared again without a process restart.
    SCHEDULE_CHECK_INTERVAL_MS: '2000',
    API_RATE_LIMIT_PER_KEY: '1000000',
    LOG_LEVEL: 'warn',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...UsageWorkload.environment(),
    ...FeedWorkload.environment(),
  };
  const apiUrl = `http://127.0.0.1:${port}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const sandbox = new AppProcess('marketplace-sandbox', env).start();
  const api = new AppProcess('api', env).start();
  const workers: AppProcess[] = (
    ['attribution-bridge', 'attribution-bridge', 'metering', 'metering', 'private-offers', 'listing-sync'] as AppName[]
  ).map((name) => new AppProcess(name, env).start());
  let kills = 0;
  let restarts = 0;
  // Set once the workloads run: a failed step must stop them, or their retrying clients keep the API's graceful stop waiting forever.
  let stopWorkloads = () => {};
  try {
    // Generous: on a busy machine six apps starting at once take a while.
    await waitUntilHealthy(`${sandboxUrl}/_sandbox/clock`, sandbox, 120_000);
    await waitUntilHealthy(`${apiUrl}/health`, api, 120_000);
    // The clouds retry a failed delivery for hours; the sandbox does so for minutes here.
    await fetch(`${sandboxUrl}/_sandbox/events/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ maxAttempts: 15, baseDelayMs: 300 }),
    });
    const workload = new FaultWorkload(apiUrl, sandboxUrl, adminKey);
    const usage = new UsageWorkload(apiUrl, sandboxUrl, adminKey);
    const feeds = new FeedWorkload(sandboxUrl, databaseUrl);
    stopWorkloads = () => {
      workload.stop();
      usage.stop();
      feeds.stop();
    };
    await usage.prepare(databaseUrl);
    await workload.prepareContested(databaseUrl, CONTESTED_PURCHASES);
    await workload.expectSeededHistory(databaseUrl);
    // Held before the faults begin: on a loaded machine, waiting for them mid-run would push the later faults past the run's end.
    const contestedConflicts = await workload.contestedConflicts(120_000);
    const pastRetries = new PastRetries(base.REDIS_URL, env.QUEUE_PREFIX, sandboxUrl);
    let pastRetriesDone: Promise<void> = Promise.resolve();
    log(`product up; workload and faults for ${RUN_SECONDS}s`);

    const flows = [
      workload.runAgreements(150),
      workload.runRevenueEvents(200, 50),
      usage.run(200),
      feeds.run(() => workload.bought, 3000, 3),
    ];
    const started = Date.now();
    let nextKill = started + KILL_EVERY_MS;
    const plan = [
      {
        at: 8,
        what: 'throttling and 5xx storm on DescribeAgreement and BatchMeterUsage',
        run: async () => {
          await sandboxFault(sandboxUrl, 'DescribeAgreement', 'throttle', 30);
          await sandboxFault(sandboxUrl, 'DescribeAgreement', 'error5xx', 30);
          await sandboxFault(sandboxUrl, 'BatchMeterUsage', 'throttle', 40);
          await sandboxFault(sandboxUrl, 'BatchMeterUsage', 'error5xx', 40);
        },
      },
      {
        at: Math.round(RUN_SECONDS * 0.35),
        what: `Redis down (every queued job lost) while sales ops settle ${CONTESTED_PURCHASES} conflicts, then back`,
        run: async () => {
          await stopRedis(base.REDIS_URL);
          try {
            await workload.settleContested(contestedConflicts);
          } finally {
            await startRedis(base.REDIS_URL);
          }
          restarts += 1;
          log(
            `settled while Redis was down: ${workload.settlements.map((s) => `${s.conflictId} (${s.recreditedAgreements} to credit again)`).join(', ')}`,
          );
        },
      },
      {
        at: Math.round(RUN_SECONDS * 0.5),
        what: `DescribeAgreement refused until ${PAST_RETRY_JOBS} jobs fail past their retries, then lifted`,
        run: () => {
          // In the background: the kills go on meanwhile.
          pastRetriesDone = pastRetries
            .inflict(PAST_RETRY_JOBS, 45_000)
            .then(() =>
              log(`${pastRetries.failed.length} of ${pastRetries.swapped} jobs failed past their retries; DescribeAgreement answers again`),
            );
          return Promise.resolve();
        },
      },
      {
        at: Math.round(RUN_SECONDS * 0.65),
        what: 'PostgreSQL restart',
        run: async () => {
          await restartPostgres(databaseUrl);
          restarts += 1;
        },
      },
    ];
    // A planned step blocks the kills while it runs (on a loaded machine the Redis outage can take most of a minute), so the run
    // lasts until every step ran and the kills reached MIN_KILLS, not merely RUN_SECONDS.
    const runOn = () => {
      const seconds = (Date.now() - started) / 1000;
      return seconds < MAX_RUN_SECONDS && (seconds < RUN_SECONDS || plan.length > 0 || kills < MIN_KILLS);
    };
    while (runOn()) {
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
    stopWorkloads();
    await whileUp(Promise.all([...flows, pastRetriesDone]), [api, sandbox]);
    log(
      `workload stopped: ${workload.expectedAgreementCredit.size} agreements, ${workload.revenueEventsSent} revenue events, ${usage.recordsSent} usage records; waiting for the product to settle`,
    );
    const deadline = Date.now() + 240_000;
    let waiting: string | null = 'not checked';
    while (Date.now() < deadline && (waiting = await settled(databaseUrl, sandboxUrl, usage, feeds)) !== null) await sleep(1000);
    if (waiting) {
      log(`did not settle: ${waiting}`);
      // What each app was doing: a worker that exited on its own is never restarted (only the kills restart).
      for (const app of [api, sandbox, ...workers])
        log(`${app.name} ${app.running ? 'running' : 'not running'}, last output:\n${app.logs().split('\n').slice(-8).join('\n')}`);
    }

    const agreements = await checkCreditsPerPartner(databaseUrl, 'agreement', workload.expectedAgreementCredit);
    const kickers = await checkCreditsPerPartner(databaseUrl, 'agreement', workload.expectedAgreementKickers, 'kickers');
    const revenue = await checkCreditsPerPartner(databaseUrl, 'revenue', workload.expectedRevenueCredit);
    const metered = await usage.check(databaseUrl);
    // The fault modes' own subjects, judged alone as well (they are among the agreements above).
    const pastRetryExpected = new ExpectedCredits();
    for (const agreementId of await pastRetries.agreementIds(databaseUrl)) {
      for (const [account, amount] of workload.expectedAgreementCredit.of(agreementId) ?? new Map<string, bigint>())
        pastRetryExpected.expect(agreementId, account, amount);
      if (!workload.expectedAgreementCredit.of(agreementId)?.size) pastRetryExpected.expect(agreementId, null, 0n);
    }
    const pastRetryCredits = await checkCreditsPerPartner(databaseUrl, 'agreement', pastRetryExpected);
    const redelivered = await pastRetries.redelivered(databaseUrl);
    const contested = await checkCreditsPerPartner(databaseUrl, 'agreement', workload.expectedContestedCredit);
    // The rollups the dashboards, partner health and /metrics read must still equal the ledger's own sum after the kills.
    const rollups = await checkCreditRollups(databaseUrl);
    // Billing events the attribution bridges imported from the bucket while being killed: each once, each paid item MATCHED.
    const feed = await feeds.check();
    const recreditRows = await queryDatabase<{ done: string; pending: string }>(
      databaseUrl,
      `SELECT count(*) FILTER (WHERE completed_at IS NOT NULL) AS done, count(*) FILTER (WHERE completed_at IS NULL) AS pending FROM agreement_recredit`,
    );
    log(
      `jobs past their retries: ${pastRetries.failed.length} failed for good, ${redelivered} delivered again by the sweep; their agreements: ${describeCreditCheck(pastRetryCredits)}`,
    );
    log(
      `conflicts settled while Redis was down: ${workload.settlements.length}, re-credits ${recreditRows[0].done} done, ${recreditRows[0].pending} pending; contested agreements: ${describeCreditCheck(contested)}`,
    );
    log(`agreements: ${describeCreditCheck(agreements)}`);
    log(`new-logo kickers on agreements: ${describeCreditCheck(kickers)}`);
    log(`revenue events: ${describeCreditCheck(revenue)}`);
    log(`usage: ${metered.describe}`);
    log(`credit rollups: ${describeRollupCheck(rollups)}`);
    log(`data feed: ${describeFeedCheck(feed)}`);
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
      kicker_agreements_expected: [...workload.expectedAgreementKickers.subjects()].filter(
        (id) => workload.expectedAgreementKickers.of(id)?.size,
      ).length,
      kickers_lost: kickers.lost,
      kickers_duplicated: kickers.duplicated,
      kickers_misattributed: kickers.misattributed,
      settled: waiting === null,
      past_retry_jobs_failed: pastRetries.failed.length,
      past_retry_jobs_redelivered: redelivered,
      past_retry_credits_lost: pastRetryCredits.lost + pastRetryCredits.missing,
      past_retry_credits_duplicated: pastRetryCredits.duplicated + pastRetryCredits.misattributed,
      settlements_while_redis_down: workload.settlements.length,
      settlement_recredits_pending: Number(recreditRows[0].pending),
      settlement_credits_lost: contested.lost + contested.missing,
      settlement_credits_duplicated: contested.duplicated + contested.misattributed,
      credit_rollup_keys_wrong: rollups.monthMismatches + rollups.totalMismatches,
      feed_agreements_invoiced: feed.invoiced,
      feed_events_delivered: feed.eventsDelivered,
      feed_events_lost: Math.max(0, feed.eventsDelivered - feed.eventsStored),
      feed_rows_duplicated: feed.rowsStored - feed.eventsStored,
      feed_items_not_matched: feed.notMatched.length,
      reconciliation_total_keys_wrong: feed.totalMismatches.length,
    };
    console.log(JSON.stringify(result));
    const exact =
      creditsExact(agreements) &&
      kickers.lost + kickers.duplicated + kickers.misattributed === 0 &&
      result.kicker_agreements_expected > 0 &&
      creditsExact(revenue) &&
      revenue.expected === workload.revenueEventsSent &&
      result.usage_lost + result.usage_duplicated === 0 &&
      pastRetries.failed.length > 0 &&
      redelivered === pastRetries.failed.length &&
      pastRetryCredits.lost + pastRetryCredits.missing + pastRetryCredits.duplicated + pastRetryCredits.misattributed === 0 &&
      workload.settlements.length === CONTESTED_PURCHASES &&
      workload.settlements.every((s) => s.recreditedAgreements === 1) &&
      result.settlement_recredits_pending === 0 &&
      contested.lost + contested.missing + contested.duplicated + contested.misattributed === 0 &&
      rollupsExact(rollups) &&
      feedExact(feed);
    process.exitCode = exact && result.settled && kills >= MIN_KILLS ? 0 : 1;
  } finally {
    stopWorkloads();
    for (const app of [...workers, api, sandbox]) await app.stop('SIGTERM', 15_000);
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
