#!/usr/bin/env node
/**
 * Imports a billing feed from a file on this machine and reconciles it, in
 * this process (no queue, no API needed):
 *
 *   npm run reconcile:import -- --feed aws|azure --file PATH [--on-malformed refuse|quarantine]
 *
 * Prints progress every second and, last, the outcome as one JSON line.
 * Exit code 0 when imported (or already imported: a duplicate changes
 * nothing), 2 when the file was refused, 1 on any other failure.
 */
import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@bridge/config';
import { ReconciliationImportRepository } from '@bridge/reconciliation';
import { ReconciliationImportService } from '@bridge/reconciliation';
import { ReconciliationStandaloneModule } from '@bridge/reconciliation';

const FEEDS = { aws: 'AWS_BILLING_EVENTS', azure: 'AZURE_PAYOUTS' } as const;

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<number> {
  const feed = FEEDS[(option('feed') ?? '') as keyof typeof FEEDS];
  const file = option('file');
  const policy = (option('on-malformed') ?? 'refuse').toUpperCase();
  if (!feed || !file || (policy !== 'REFUSE' && policy !== 'QUARANTINE')) {
    console.error('usage: reconcile:import --feed aws|azure --file PATH [--on-malformed refuse|quarantine]');
    return 1;
  }
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(ReconciliationStandaloneModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const service = app.get(ReconciliationImportService);
    const imports = app.get(ReconciliationImportRepository);
    const record = await service.begin({ feed, fileName: basename(file), origin: 'path', onMalformed: policy, actor: 'cli' });
    console.log(`import ${record.id}: ${file}`);
    const ticker = setInterval(() => {
      // Progress only, not awaited: the import itself is awaited below. A tick
      // that fails (e.g. one still in flight as the context closes) is reported,
      // not left as an unhandled rejection that would end the process mid-import.
      void imports
        .find(record.id)
        .then((r) => r && console.log(`  ${r.status.toLowerCase()}: ${r.linesProcessed} lines`))
        .catch((error: unknown) => console.warn(`  progress unavailable: ${error instanceof Error ? error.message : String(error)}`));
    }, 1000);
    const result = await service
      .run(record.id, createReadStream(file, { highWaterMark: 1 << 20 }), 'inline')
      .finally(() => clearInterval(ticker));
    console.log(JSON.stringify(result, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
    return result.status === 'REFUSED' ? 2 : 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
