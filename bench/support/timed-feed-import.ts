import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { ReconciliationImportService } from '@bridge/reconciliation';

/** Imports an AWS billing event file through the product's own import path, inline; its outcome and the seconds it took. */
export async function timedFeedImport(service: ReconciliationImportService, file: string) {
  const started = process.hrtime.bigint();
  const record = await service.begin({
    feed: 'AWS_BILLING_EVENTS',
    fileName: path.basename(file),
    origin: 'path',
    onMalformed: 'REFUSE',
    actor: 'bench',
  });
  const result = await service.run(record.id, createReadStream(file, { highWaterMark: 1 << 20 }), 'inline');
  if (result.status !== 'COMPLETED') throw new Error(`bench import of ${path.basename(file)} ended ${JSON.stringify(result)}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, ...result };
}
