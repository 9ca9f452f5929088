import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { FeedIntakeService, type IntakeOutcome } from './feed-intake.service';
import { ItemMatchService } from './item-match.service';
import { ReconciliationImportRepository, type NewImport } from './reconciliation-import.repository';

export type ImportResult = { importId: string } & (IntakeOutcome | { status: 'COMPLETED'; items: number; superseded: number });

/**
 * The two ways a feed comes in. `queued` (API upload): the rows are stored
 * while the request streams in, then matching goes to the attribution
 * worker. `inline` (the import CLI, the benchmark): both steps here. Either
 * way matching runs in PostgreSQL over the stored rows.
 */
@Injectable()
export class ReconciliationImportService {
  constructor(
    private readonly imports: ReconciliationImportRepository,
    private readonly intake: FeedIntakeService,
    private readonly matcher: ItemMatchService,
    private readonly modules: ModuleRef,
  ) {}

  /** The import record first, so its id can be polled for progress while the file streams. */
  begin(input: NewImport) {
    return this.imports.create(input);
  }

  async run(importId: string, file: Readable, mode: 'queued' | 'inline'): Promise<ImportResult> {
    const outcome = await this.intake.intake(importId, file);
    if (outcome.status !== 'MATCHING') return { importId, ...outcome };
    if (mode === 'queued') {
      await (await this.jobProducer()).enqueue('reconciliation.import-stored', { importId });
      return { importId, ...outcome };
    }
    const matched = await this.matcher.match(importId);
    return { importId, status: 'COMPLETED', items: matched?.items ?? 0, superseded: matched?.superseded ?? 0 };
  }

  /**
   * The queue producer of the process (the API's), loaded only when an
   * import is queued: the import CLI and the benchmark, which match inline,
   * never load the queue client at all (some 25 MB less).
   */
  private async jobProducer() {
    const { JobProducer } = await import('@bridge/queues');
    return this.modules.get(JobProducer, { strict: false });
  }
}
