import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DEMO_ADMIN_API_KEY, type AppConfig } from '@bridge/config';
import { ReconciliationImportService } from '@bridge/reconciliation';
import { DemoClient } from './demo-client';
import { seedDemo, type DemoOutcome, type FeedImporter } from './demo-story';

/**
 * Runs the demo story against the running product and prints where to look.
 * The disbursement goes through the attribution bridge's own import service
 * (the path the import CLI takes); everything else over HTTP.
 */
export async function runDemoSeed(config: AppConfig, bridge: INestApplicationContext): Promise<DemoOutcome> {
  const logger = new Logger('demo');
  const apiUrl = `http://127.0.0.1:${config.PORT}`;
  const adminKey = config.BOOTSTRAP_ADMIN_API_KEY ?? DEMO_ADMIN_API_KEY;
  const client = new DemoClient(apiUrl, config.sandboxUrl, adminKey);
  const outcome = await seedDemo(client, feedImporter(bridge), (line) => logger.log(line));
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

/** Imports a feed in-line through a context that holds the reconciliation module (the attribution bridge). */
export function feedImporter(context: INestApplicationContext): FeedImporter {
  const imports = context.get(ReconciliationImportService, { strict: false });
  return async (fileName, csv) => {
    const record = await imports.begin({ feed: 'AWS_BILLING_EVENTS', fileName, origin: 'path', onMalformed: 'REFUSE', actor: 'demo seed' });
    const result = await imports.run(record.id, Readable.from([csv]), 'inline');
    if (result.status !== 'COMPLETED') throw new Error(`the demo disbursement was not imported: ${result.status}`);
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
    `  queues         ${apiUrl}/admin/queues   (admin)`,
    `  metrics        ${apiUrl}/metrics   (bearer METRICS_TOKEN)`,
    `  API            ${apiUrl}/docs`,
  ];
  if (keysFile) lines.push(`  partner keys   in ${keysFile} (this user only; issue others with POST /v1/api-keys)`);
  return lines.join('\n');
}
