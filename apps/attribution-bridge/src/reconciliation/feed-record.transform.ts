import { Transform, type TransformCallback } from 'node:stream';
import type { Cloud, MalformedRowPolicy } from '@bridge/database';
import { resolveHeader } from './feed-header.resolver';
import { FeedLineError } from './feed-line.error';
import { copyLineOf, type FeedLayout } from './feed-row.model';

export interface QuarantinedLine {
  line: number;
  column: string;
  reason: string;
  raw: string;
}

export interface FeedRecordTransformOptions {
  layout: FeedLayout;
  policy: MalformedRowPolicy;
  importId: string;
  importSeq: string;
  /** Quarantining more lines than this refuses the file: it is not the feed it claims to be. */
  maxQuarantined: number;
  /** True once a quote has been seen in the raw bytes: only then can a field hold a line break. */
  quotesSeen: () => boolean;
}

const BATCH_CHARS = 1 << 18;

/**
 * CSV records in, PostgreSQL COPY text out. Checks every field of every
 * line; a malformed line either fails the stream (REFUSE: the caller rolls
 * the whole file back) or is set aside with its line and column (QUARANTINE).
 * Output is batched into ~256 KB strings so COPY gets few, large writes.
 */
export class FeedRecordTransform extends Transform {
  linesRead = 1;
  rowsWritten = 0;
  readonly quarantined: QuarantinedLine[] = [];
  private at: Record<string, number> | null = null;
  private width = 0;
  private batch = '';
  private readonly cloud: Cloud;

  constructor(private readonly options: FeedRecordTransformOptions) {
    super({ writableObjectMode: true, readableObjectMode: false, writableHighWaterMark: 1024 });
    this.cloud = options.layout.cloud;
  }

  override _transform(record: string[], _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      if (this.at === null) {
        this.at = resolveHeader(this.options.layout, record);
        this.width = record.length;
        done();
        return;
      }
      this.linesRead += 1;
      const line = this.linesRead;
      if (this.options.quotesSeen()) for (const value of record) this.linesRead += countLineBreaks(value);
      this.accept(record, line);
      if (this.batch.length >= BATCH_CHARS) {
        this.push(this.batch);
        this.batch = '';
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    if (this.at === null) {
      done(new FeedLineError(1, '(header)', 'the file is empty: a header line is expected'));
      return;
    }
    if (this.batch) this.push(this.batch);
    this.batch = '';
    done();
  }

  private accept(record: string[], line: number): void {
    const at = this.at as Record<string, number>;
    try {
      if (record.length !== this.width) {
        const column = record.length < this.width ? this.options.layout.columns.find((c) => at[c] >= record.length) ?? '(end)' : '(end)';
        throw new FeedLineError(line, column, `has ${record.length} fields, the header has ${this.width}`);
      }
      for (const row of this.options.layout.toRows(record, at, line)) {
        this.batch += copyLineOf(row, this.cloud, this.options.importSeq, line, this.options.importId);
        this.rowsWritten += 1;
      }
    } catch (error) {
      if (!(error instanceof FeedLineError) || this.options.policy === 'REFUSE') throw error;
      if (this.quarantined.length >= this.options.maxQuarantined) {
        throw new FeedLineError(line, error.column, `${error.reason} (and more than ${this.options.maxQuarantined} lines are malformed: the file is refused)`);
      }
      this.quarantined.push({ line, column: error.column, reason: error.reason, raw: toCsvLine(record) });
    }
  }
}

function countLineBreaks(value: string): number {
  let count = 0;
  for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) count += 1;
  return count;
}

/** The line as it was, near enough to find it in the file: fields re-quoted where they need it. */
function toCsvLine(record: string[]): string {
  return record.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
}
