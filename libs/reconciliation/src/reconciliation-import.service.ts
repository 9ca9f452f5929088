import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { FeedIntakeService, type IntakeOutcome } from './feed-intake.service';
import { ItemLedger } from './item-ledger';
import { ItemMatchService } from './item-match.service';
import { ReconciliationImportRepository, type NewImport } from './reconciliation-import.repository';

export type ImportResult = { importId: string } & (IntakeOutcome | { status: 'COMPLETED'; items: number; superseded: number });

/**
 * The two ways a feed comes in. `queued` (API upload): the rows are stored
 * while the request streams in, then matching goes to the attribution
 * worker. `inline` (the import CLI, the benchmark): both steps here. An AWS
 * file is parsed by PostgreSQL, so its rows are read back for matching, as
 * a worker does; Azure's payout rows are gathered into items while they are read.
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
    // Inline, Azure's rows are gathered into items as they are read; the worker that matches a queued import reads them back instead.
    const parsedHere = mode === 'inline' && (await this.imports.find(importId))?.feed === 'AZURE_PAYOUTS';
    const ledger = parsedHere ? new ItemLedger() : undefined;
    const outcome = await this.intake.intake(importId, file, ledger);
    if (outcome.status !== 'MATCHING') return { importId, ...outcome };
    if (mode === 'queued') {
      await (await this.jobProducer()).enqueue('reconciliation.import-stored', { importId });
      return { importId, ...outcome };
    }
    const matched = await this.matcher.match(importId, ledger);
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
