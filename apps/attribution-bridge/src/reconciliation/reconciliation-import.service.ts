import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { JobProducer } from '@bridge/queues';
import { FeedIntakeService, type IntakeOutcome } from './feed-intake.service';
import { ItemLedger } from './item-ledger';
import { ItemMatchService } from './item-match.service';
import { ReconciliationImportRepository, type NewImport } from './reconciliation-import.repository';

export type ImportResult = { importId: string } & (IntakeOutcome | { status: 'COMPLETED'; items: number; superseded: number });

/**
 * The two ways a feed comes in. `queued` (API upload): the rows are stored
 * while the request streams in, then matching goes to the attribution
 * worker. `inline` (the import CLI, the benchmark): both steps here, and
 * the rows are gathered into items while they are read.
 */
@Injectable()
export class ReconciliationImportService {
  constructor(
    private readonly imports: ReconciliationImportRepository,
    private readonly intake: FeedIntakeService,
    private readonly matcher: ItemMatchService,
    private readonly jobs: JobProducer,
  ) {}

  /** The import record first, so its id can be polled for progress while the file streams. */
  begin(input: NewImport) {
    return this.imports.create(input);
  }

  async run(importId: string, file: Readable, mode: 'queued' | 'inline'): Promise<ImportResult> {
    // Inline, the rows are gathered into items as they are read; the worker that matches a queued import reads them back instead.
    const ledger = mode === 'inline' ? new ItemLedger() : undefined;
    const outcome = await this.intake.intake(importId, file, ledger);
    if (outcome.status !== 'MATCHING') return { importId, ...outcome };
    if (mode === 'queued') {
      await this.jobs.enqueue('reconciliation.import-stored', { importId });
      return { importId, ...outcome };
    }
    const matched = await this.matcher.match(importId, ledger);
    return { importId, status: 'COMPLETED', items: matched?.items ?? 0, superseded: matched?.superseded ?? 0 };
  }
}
