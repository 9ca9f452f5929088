import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable, Logger } from '@nestjs/common';
import { CsvError, parse } from 'csv-parse';
import { FeedLineError } from './feed-line.error';
import { FEED_LAYOUTS } from './feed-layouts';
import { FeedRecordTransform } from './feed-record.transform';
import { BillingFeedIntakeRepository } from './billing-feed-intake.repository';
import { ReconciliationImportRepository } from './reconciliation-import.repository';
import { ReconciliationPgPool } from './reconciliation-pg.pool';

export type IntakeOutcome =
  | { status: 'MATCHING'; linesProcessed: number; rowsImported: number; rowsQuarantined: number }
  | { status: 'DUPLICATE'; duplicateOfId: string }
  | { status: 'REFUSED'; error: string; line: number | null; column: string | null };

const PROGRESS_EVERY_MS = 500;
const MAX_QUARANTINED = 10_000;

/** Builds csv-parse the same way for the product and for the benchmark's raw-parse measurement. */
export const feedCsvParser = () => parse({ relax_column_count: true, skip_empty_lines: true, bom: true });

/**
 * Reads a feed once, as a stream: bytes are hashed as they pass, parsed by
 * csv-parse, checked line by line and COPYed into billing_feed_row inside one
 * transaction. Memory stays flat whatever the file's size. The transaction
 * commits only when the whole file was read and is not a duplicate, so a
 * refused, interrupted or repeated file leaves nothing behind.
 */
@Injectable()
export class FeedIntakeService {
  private readonly logger = new Logger(FeedIntakeService.name);

  constructor(
    private readonly pg: ReconciliationPgPool,
    private readonly rows: BillingFeedIntakeRepository,
    private readonly imports: ReconciliationImportRepository,
  ) {}

  async intake(importId: string, input: Readable): Promise<IntakeOutcome> {
    const record = await this.imports.find(importId);
    if (!record) throw new Error(`import ${importId} does not exist`);
    const layout = FEED_LAYOUTS[record.feed];
    const hash = createHash('sha256');
    let quotes = false;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        if (!quotes && chunk.includes(0x22)) quotes = true;
        done(null, chunk);
      },
    });
    const records = new FeedRecordTransform({
      layout,
      policy: record.onMalformed,
      importId,
      importSeq: record.seq.toString(),
      maxQuarantined: MAX_QUARANTINED,
      quotesSeen: () => quotes,
    });
    const ticker = setInterval(() => void this.imports.progress(importId, records.linesRead).catch(() => undefined), PROGRESS_EVERY_MS);

    let sha256 = '';
    try {
      const outcome = await this.pg.transaction(async (client): Promise<IntakeOutcome> => {
        await pipeline(input, tap, feedCsvParser(), records, this.rows.copyRowsIn(client));
        sha256 = hash.digest('hex');
        const duplicateOfId = await this.rows.keptImportWithSameContent(client, record.feed, sha256, importId);
        if (duplicateOfId) throw new DuplicateFeed(duplicateOfId);
        await this.rows.quarantine(client, importId, records.quarantined);
        const stored = { linesProcessed: records.linesRead, rowsImported: records.rowsWritten, rowsQuarantined: records.quarantined.length };
        await this.rows.markStored(client, importId, { sha256, ...stored });
        return { status: 'MATCHING', ...stored };
      });
      clearInterval(ticker);
      return outcome;
    } catch (error) {
      clearInterval(ticker);
      return this.settleFailure(importId, error, records.linesRead, sha256);
    }
  }

  /** Records why nothing was kept; errors that are not the file's fault are rethrown after marking the import FAILED. */
  private async settleFailure(importId: string, error: unknown, linesRead: number, sha256: string): Promise<IntakeOutcome> {
    if (error instanceof DuplicateFeed) {
      await this.imports.finish(importId, 'DUPLICATE', { duplicateOfId: error.keptImportId, contentSha256: sha256, linesProcessed: linesRead });
      return { status: 'DUPLICATE', duplicateOfId: error.keptImportId };
    }
    const malformed = asLineError(error);
    if (malformed) {
      await this.imports.finish(importId, 'REFUSED', { error: malformed.message, errorLine: malformed.line, errorColumn: malformed.column, linesProcessed: linesRead });
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

/** A problem of the file itself, with its line and column when known (csv-parse reports lines, and field indexes). */
function asLineError(error: unknown): { message: string; line: number | null; column: string | null } | null {
  if (error instanceof FeedLineError) return { message: error.message, line: error.line, column: error.column };
  if (error instanceof CsvError) {
    const { lines, column } = error as CsvError & { lines?: number; column?: number };
    const where = `line ${lines ?? '?'}${column !== undefined ? `, field ${Number(column) + 1}` : ''}`;
    return { message: `${where}: ${error.message}`, line: lines ?? null, column: column !== undefined ? `field ${Number(column) + 1}` : null };
  }
  return null;
}
