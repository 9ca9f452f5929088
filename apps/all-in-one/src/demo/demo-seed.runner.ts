import { Readable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '@bridge/config';
import { ReconciliationImportService } from '../../../attribution-bridge/src/reconciliation/reconciliation-import.service';
import { DemoClient } from './demo-client';
import { seedDemo, type DemoOutcome, type FeedImporter } from './demo-story';

/** The admin key of a demo install when BOOTSTRAP_ADMIN_API_KEY is not set: printed, documented, demo only. */
export const DEMO_ADMIN_API_KEY = 'demo-admin-key-change-me-0123456789';

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
  logger.log(whereToLook(apiUrl, adminKey, outcome, config.BOOTSTRAP_ADMIN_API_KEY === undefined));
  return outcome;
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

function whereToLook(apiUrl: string, adminKey: string, outcome: DemoOutcome, demoKey: boolean): string {
  const lines = [
    outcome.seeded ? 'the demo story is seeded. Where to look:' : 'the demo story was seeded before (DEMO_SEED=false to skip this). Where to look:',
    `  dashboard      ${apiUrl}/dashboard   sign in with the admin key ${adminKey}${demoKey ? ' (the demo key: set BOOTSTRAP_ADMIN_API_KEY for your own)' : ''}`,
    ...outcome.commitments.map((c) => `  burn-down      ${apiUrl}/dashboard/commitments/${c.id}   (${c.customer})`),
    ...outcome.partners.map((p) => `  partner        ${apiUrl}/dashboard/partners/${p.id}   (${p.name})${p.key ? `   partner sign-in key: ${p.key}` : ''}`),
    `  queues         ${apiUrl}/admin/queues   (admin)`,
    `  metrics        ${apiUrl}/metrics`,
    `  API            ${apiUrl}/docs`,
  ];
  if (outcome.seeded) lines.push('  (partner keys are shown once; issue another with POST /v1/api-keys)');
  return lines.join('\n');
}
