import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DEMO_ADMIN_API_KEY, type AppConfig } from '@bridge/config';
import { DATA_FEED_BUCKET, type DataFeedBucket } from '@bridge/marketplace';
import { DeliveredFeedPollService } from '@bridge/reconciliation';
import { DemoClient } from './demo-client';
import { seedDemo, type DemoOutcome, type FeedPoller } from './demo-story';

/**
 * Runs the demo story against the running product and prints where to look.
 * The disbursement comes as the marketplace delivers it, through the seller's
 * data-feed bucket, read by the attribution bridge's own feed poller;
 * everything else over HTTP.
 */
export async function runDemoSeed(config: AppConfig, bridge: INestApplicationContext): Promise<DemoOutcome> {
  const logger = new Logger('demo');
  const apiUrl = `http://127.0.0.1:${config.PORT}`;
  const adminKey = config.BOOTSTRAP_ADMIN_API_KEY ?? DEMO_ADMIN_API_KEY;
  const client = new DemoClient(apiUrl, config.sandboxUrl, adminKey);
  const outcome = await seedDemo(client, feedPoller(config, bridge), (line) => logger.log(line));
  const keysFile = outcome.seeded ? writeDemoKeys(outcome) : undefined;
  logger.log(whereToLook(apiUrl, outcome, config.BOOTSTRAP_ADMIN_API_KEY === undefined, keysFile));
  return outcome;
}

/** Where the demo's partner keys go: a file only this user reads, never the log (logs are shipped and kept). */
export const DEMO_KEYS_FILE = 'demo-partner-keys.txt';

function writeDemoKeys(outcome: DemoOutcome): string | undefined {
  const lines = outcome.partners.filter((p) => p.key).map((p) => `${p.name}\t${p.key}`);
  if (lines.length === 0) return undefined;
  const file = path.resolve(DEMO_KEYS_FILE);
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}

/**
 * Polls the data-feed bucket once through a context that holds the
 * reconciliation module (the attribution bridge). The worker polls it on its
 * own schedule too: while its poll holds the bucket this one waits, and then
 * finds only what is left (nothing, if that poll read it all).
 */
export function feedPoller(config: AppConfig, context: INestApplicationContext): FeedPoller {
  const poller = context.get(DeliveredFeedPollService, { strict: false });
  // The worker's own bucket client: it closes with the worker.
  const bucket = context.get<symbol, DataFeedBucket>(DATA_FEED_BUCKET, { strict: false });
  return async () => {
    const feeds = config.awsDataFeeds;
    if (feeds === null)
      throw new Error('the demo reads its disbursement from the data-feed bucket: set AWS_DATA_FEED_POLL_INTERVAL_MS above 0');
    for (let attempt = 0; attempt < 120; attempt++) {
      const outcomes = await poller.poll(bucket, feeds.prefix);
      const failed = outcomes?.find((o) => o.outcome === 'FAILED' || o.outcome === 'REPORTED');
      if (failed) throw new Error(`the demo disbursement was not imported from ${failed.key}: ${failed.outcome}`);
      if (outcomes !== undefined) return;
      await sleep(500);
    }
    throw new Error('another poll held the data-feed bucket for a minute');
  };
}

function whereToLook(apiUrl: string, outcome: DemoOutcome, demoKey: boolean, keysFile: string | undefined): string {
  const lines = [
    outcome.seeded
      ? 'the demo story is seeded. Where to look:'
      : 'the demo story was seeded before (DEMO_SEED=false to skip this). Where to look:',
    `  dashboard      ${apiUrl}/dashboard   sign in with ${demoKey ? "the demo admin key (README, 'The demo')" : 'your BOOTSTRAP_ADMIN_API_KEY'}`,
    ...outcome.commitments.map((c) => `  burn-down      ${apiUrl}/dashboard/commitments/${c.id}   (${c.customer})`),
    ...outcome.partners.map((p) => `  partner        ${apiUrl}/dashboard/partners/${p.id}   (${p.name})`),
    ...outcome.registrations.map((r) => `  registration   ${apiUrl}/dashboard/deals/${r.id}   (${r.partner} for ${r.customer})`),
    `  queues         ${apiUrl}/admin/queues   (admin)`,
    `  metrics        ${apiUrl}/metrics   (bearer METRICS_TOKEN)`,
    `  API            ${apiUrl}/docs`,
  ];
  if (keysFile) lines.push(`  partner keys   in ${keysFile} (this user only; issue others with POST /v1/api-keys)`);
  return lines.join('\n');
}
