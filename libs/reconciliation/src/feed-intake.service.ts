import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { FeedLineError, FeedRefused } from './feed-line.error';
import { FeedReader } from './feed-reader';
import { BillingFeedIntakeRepository } from './billing-feed-intake.repository';
import type { ItemLedger } from './item-ledger';
import { ReconciliationImportRepository } from './reconciliation-import.repository';
import { PgPool } from '@bridge/postgres';

export type IntakeOutcome =
  | { status: 'MATCHING'; linesProcessed: number; rowsImported: number; rowsQuarantined: number }
  | { status: 'DUPLICATE'; duplicateOfId: string }
  | { status: 'REFUSED'; error: string; line: number | null; column: string | null };

const PROGRESS_EVERY_MS = 500;
const MAX_QUARANTINED = 10_000;

/**
 * Reads a feed once, as a stream (FeedReader: hashed, parsed and checked,
 * in parallel for a large file) and COPYs it into billing_feed_row inside one
 * transaction. The transaction commits only when the whole file was read and
 * is not a duplicate, so a refused, interrupted or repeated file leaves
 * nothing behind.
 */
@Injectable()
export class FeedIntakeService {
  private readonly logger = new Logger(FeedIntakeService.name);

  constructor(
    private readonly pg: PgPool,
    private readonly rows: BillingFeedIntakeRepository,
    private readonly imports: ReconciliationImportRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `ledger`, when given, is fed the accepted rows as they are read, so that this process can match the import without reading it back. */
  async intake(importId: string, input: Readable, ledger?: ItemLedger): Promise<IntakeOutcome> {
    const record = await this.imports.find(importId);
    if (!record) throw new Error(`import ${importId} does not exist`);
    const earlier = await this.pg.transaction((client) => this.rows.earlierFeeds(client, record.feed));
    const reader = new FeedReader({
      earlier,
      feed: record.feed,
      policy: record.onMalformed,
      importSeq: record.seq.toString(),
      maxQuarantined: MAX_QUARANTINED,
      threads: this.config.RECONCILIATION_PARSE_THREADS,
      ledger,
    });
    const ticker = setInterval(() => void this.imports.progress(importId, reader.linesRead).catch(() => undefined), PROGRESS_EVERY_MS);

    let sha256 = '';
    try {
      const outcome = await this.pg.transaction(async (client): Promise<IntakeOutcome> => {
        await pipeline(Readable.from(reader.copyText(input)), this.rows.copyRowsIn(client));
        sha256 = reader.sha256;
        const duplicateOfId = await this.rows.keptImportWithSameContent(client, record.feed, sha256, importId);
        if (duplicateOfId) throw new DuplicateFeed(duplicateOfId);
        await this.rows.quarantine(client, importId, reader.quarantined);
        const stored = { linesProcessed: reader.linesRead, rowsImported: reader.rowsWritten, rowsQuarantined: reader.quarantined.length };
        await this.rows.markStored(client, importId, {
          sha256,
          ...stored,
          checkpoints: reader.checkpoints,
          continues: reader.continues,
          bytesContinued: reader.bytesContinued,
        });
        return { status: 'MATCHING', ...stored };
      });
      clearInterval(ticker);
      return outcome;
    } catch (error) {
      clearInterval(ticker);
      return this.settleFailure(importId, error, reader.linesRead, sha256);
    }
  }

  /** Records why nothing was kept; errors that are not the file's fault are rethrown after marking the import FAILED. */
  private async settleFailure(importId: string, error: unknown, linesRead: number, sha256: string): Promise<IntakeOutcome> {
    if (error instanceof DuplicateFeed) {
      await this.imports.finish(importId, 'DUPLICATE', {
        duplicateOfId: error.keptImportId,
        contentSha256: sha256,
        linesProcessed: linesRead,
      });
      return { status: 'DUPLICATE', duplicateOfId: error.keptImportId };
    }
    const malformed = asLineError(error);
    if (malformed) {
      await this.imports.finish(importId, 'REFUSED', {
        error: malformed.message,
        errorLine: malformed.line,
        errorColumn: malformed.column,
        linesProcessed: linesRead,
      });
      return { status: 'REFUSED', error: malformed.message, line: malformed.line, column: malformed.column };
    }
    const message = error instanceof Error ? error.message : String(error);
    this.logger.error(`import ${importId} failed: ${message}`);
    await this.imports.finish(importId, 'FAILED', { error: `the import stopped: ${message}`, linesProcessed: linesRead });
    throw error;
  }
}

class DuplicateFeed extends Error {
  constructor(readonly keptImportId: string) {
    super(`the same file was imported before as ${keptImportId}`);
  }
}

/** A problem of the file itself, with its line and column when known. */
function asLineError(error: unknown): { message: string; line: number | null; column: string | null } | null {
  if (error instanceof FeedLineError || error instanceof FeedRefused)
    return { message: error.message, line: error.line, column: error.column };
  return null;
}
