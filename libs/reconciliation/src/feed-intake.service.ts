import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import type pg from 'pg';
import type { AppendedFeedSegments } from './appended-feed.segments';
import { copyStructureProblem } from './copy-structure.problem';
import { FeedCopyStream } from './feed-copy.stream';
import { resolveHeader } from './feed-header.resolver';
import { FEED_LAYOUTS } from './feed-layouts';
import { FeedLineError, FeedRefused } from './feed-line.error';
import { BillingFeedIntakeRepository } from './billing-feed-intake.repository';
import { PgPool } from '@bridge/postgres';
import { ReconciliationImportRepository, type ImportRecord } from './reconciliation-import.repository';
import { QUARANTINE_EXCERPT_CHARS } from './quarantined-line';
import { StagedFeedRepository } from './staged-feed.repository';

export type IntakeOutcome =
  | { status: 'MATCHING'; linesProcessed: number; rowsImported: number; rowsQuarantined: number }
  | { status: 'DUPLICATE'; duplicateOfId: string }
  | { status: 'REFUSED'; error: string; line: number | null; column: string | null };

const PROGRESS_EVERY_MS = 500;
const MAX_QUARANTINED = 10_000;

/**
 * Reads a feed once, as a stream, inside one transaction that commits only
 * when the whole file was read, checked and is not a duplicate, so a refused,
 * interrupted or repeated file leaves nothing behind. Every feed is parsed
 * by PostgreSQL: the file's raw bytes go to `COPY ... (FORMAT csv)` into a
 * staging table, hashed on the way (FeedCopyStream), and are checked and
 * stored set-based (StagedFeedRepository: an AWS billing event line is one
 * row, an Azure payout line becomes several).
 */
@Injectable()
export class FeedIntakeService {
  private readonly logger = new Logger(FeedIntakeService.name);

  constructor(
    private readonly pg: PgPool,
    private readonly rows: BillingFeedIntakeRepository,
    private readonly staged: StagedFeedRepository,
    private readonly imports: ReconciliationImportRepository,
  ) {}

  async intake(importId: string, input: Readable): Promise<IntakeOutcome> {
    const record = await this.imports.find(importId);
    if (!record) throw new Error(`import ${importId} does not exist`);
    const earlier = await this.pg.transaction((client) => this.rows.earlierFeeds(client, record.feed));
    const stream = new FeedCopyStream(earlier);
    return this.stored(record, stream, async (client) => {
      const records = stream.records(input);
      // The header is read with the first records: the staging table has one column per header column.
      const first = await records.next();
      const header = stream.header;
      const at = resolveHeader(FEED_LAYOUTS[record.feed], header);
      const map = () => ({ firstLine: stream.firstCopiedLine, quoted: stream.quoted, blankLines: stream.blankLines });
      try {
        await this.staged.copyIn(client, record.seq, header.length, withFirst(first, records));
      } catch (error) {
        throw copyStructureProblem(error, map(), header.length, at) ?? error;
      }
      await this.refuseDuplicate(client, record, stream.segments.sha256);
      const limit = record.onMalformed === 'REFUSE' ? 1 : MAX_QUARANTINED + 1;
      const problems = await this.staged.problems(client, record.feed, record.seq, header.length, at, map(), limit);
      if (record.onMalformed === 'REFUSE' && problems.length > 0)
        throw new FeedLineError(problems[0].line, problems[0].column, problems[0].reason);
      if (problems.length > MAX_QUARANTINED) {
        const last = problems[MAX_QUARANTINED];
        throw new FeedLineError(
          last.line,
          last.column,
          `${last.reason} (and more than ${MAX_QUARANTINED} lines are malformed: the file is refused)`,
        );
      }
      const rowsImported = await this.staged.store(
        client,
        record.feed,
        record.seq,
        at,
        map(),
        problems.map((p) => p.ord),
      );
      await this.rows.quarantine(client, importId, problems.map(withShortReason));
      return { rowsImported, rowsQuarantined: problems.length };
    });
  }

  /**
   * Runs an import's intake (`work`: the file in, checked, its rows stored)
   * in one transaction that also marks the import stored, reporting the lines
   * read while it runs; a failure is settled with nothing kept.
   */
  private async stored(
    record: ImportRecord,
    source: { linesRead: number; segments: AppendedFeedSegments },
    work: (client: pg.PoolClient) => Promise<{ rowsImported: number; rowsQuarantined: number }>,
  ): Promise<IntakeOutcome> {
    const importId = record.id;
    const ticker = setInterval(() => void this.imports.progress(importId, source.linesRead).catch(() => undefined), PROGRESS_EVERY_MS);
    try {
      return await this.pg.transaction(async (client): Promise<IntakeOutcome> => {
        const counts = await work(client);
        const stored = { linesProcessed: source.linesRead, ...counts };
        const { segments } = source;
        await this.rows.markStored(client, importId, {
          sha256: segments.sha256,
          ...stored,
          checkpoints: segments.checkpoints,
          continues: segments.continues,
          bytesContinued: segments.bytesContinued,
        });
        return { status: 'MATCHING', ...stored };
      });
    } catch (error) {
      return this.settleFailure(importId, error, source.linesRead, source.segments.readToEnd ? source.segments.sha256 : '');
    } finally {
      clearInterval(ticker);
    }
  }

  /** The same bytes imported and kept before: nothing of this import is kept. */
  private async refuseDuplicate(client: pg.PoolClient, record: ImportRecord, sha256: string): Promise<void> {
    const duplicateOfId = await this.rows.keptImportWithSameContent(client, record.feed, sha256, record.id);
    if (duplicateOfId) throw new DuplicateFeed(duplicateOfId);
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

async function* withFirst(first: IteratorResult<Buffer>, rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}

/** A reason may quote a whole field: only its start is kept. */
const withShortReason = <T extends { reason: string }>(line: T): T => ({ ...line, reason: line.reason.slice(0, QUARANTINE_EXCERPT_CHARS) });

/** A problem of the file itself, with its line and column when known. */
function asLineError(error: unknown): { message: string; line: number | null; column: string | null } | null {
  if (error instanceof FeedLineError || error instanceof FeedRefused)
    return { message: error.message, line: error.line, column: error.column };
  return null;
}
