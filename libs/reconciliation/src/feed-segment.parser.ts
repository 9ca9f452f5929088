import { CsvError, parse } from 'csv-parse/sync';
import type { MalformedRowPolicy, ReconciliationFeed } from '@bridge/database';
import { FeedLineError } from './feed-line.error';
import { FEED_LAYOUTS } from './feed-layouts';
import { copyLineOf } from './feed-row.model';
import { quarantinedLine, type QuarantinedLine } from './quarantined-line';
import { Utf8Sink } from './utf8-sink';

/**
 * csv-parse's options, the same for the product and for the benchmark's
 * raw-parse measurement. Blank lines are not skipped by the parser: they come
 * out as one empty field and are skipped here, so line numbers stay exact.
 */
export const FEED_CSV_OPTIONS = { relax_column_count: true, bom: true } as const;

/** Parses CSV bytes that hold whole records, with csv-parse, as the product does. */
export const parseFeedCsv = (bytes: Uint8Array): string[][] =>
  parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), FEED_CSV_OPTIONS);

/** What every segment of one import is checked against. Plain data: it crosses into worker threads. */
export interface SegmentContext {
  feed: ReconciliationFeed;
  /** Where each of the layout's columns is in this file's header. */
  at: Record<string, number>;
  /** How many fields the header has: every record must have as many. */
  width: number;
  policy: MalformedRowPolicy;
  importSeq: string;
}

/** A line that stops the import: where, and why in words. */
export interface LineProblem {
  line: number | null;
  column: string | null;
  message: string;
}

export interface SegmentResult {
  /** The accepted rows in PostgreSQL COPY text format, UTF-8, in a buffer of their own (it can move from a parser thread). */
  bytes: Uint8Array;
  rows: number;
  /** File lines read (blank lines and line breaks inside quoted fields included), for progress. */
  lines: number;
  quarantined: QuarantinedLine[];
  /** Set when the segment cannot be imported (REFUSE, or CSV that does not parse): nothing of it is kept. */
  problem: LineProblem | null;
}

const QUOTE = 0x22;

/**
 * One segment of whole records: parsed, every field checked, turned into COPY
 * text. Pure, so it runs the same in a worker thread or inline. A malformed
 * line is either the segment's problem (REFUSE) or set aside (QUARANTINE).
 */
export function parseSegment(bytes: Uint8Array, startLine: number, context: SegmentContext): SegmentResult {
  const layout = FEED_LAYOUTS[context.feed];
  const result: SegmentResult = { bytes: new Uint8Array(0), rows: 0, lines: 0, quarantined: [], problem: null };
  let records: string[][];
  try {
    records = parseFeedCsv(bytes);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // Lines before the one csv-parse stopped at may hold an earlier problem: the first one is the one to report.
    const csvLine = startLine + (error as CsvError & { lines: number }).lines - 1;
    const before = checkRecords(
      parseFeedCsv(bytes.subarray(0, lineStart(bytes, csvLine - startLine))),
      startLine,
      context,
      layout,
      result,
      true,
      false,
      null,
    );
    result.problem = before ?? csvProblem(error, csvLine);
    return result;
  }
  const quoted = bytes.indexOf(QUOTE) >= 0;
  const verbatim = !quoted && bytes.indexOf(0x5c) < 0 && bytes.indexOf(0x09) < 0 && bytes.indexOf(0x0d) < 0;
  // COPY text is about as long as the CSV it comes from, plus the columns the product adds.
  const copy = new Utf8Sink(bytes.length + (bytes.length >> 1));
  result.problem = checkRecords(records, startLine, context, layout, result, quoted, verbatim, copy);
  if (!result.problem) result.bytes = copy.done();
  return result;
}

function checkRecords(
  records: string[][],
  startLine: number,
  context: SegmentContext,
  layout: (typeof FEED_LAYOUTS)[ReconciliationFeed],
  result: SegmentResult,
  /** Without quotes a record is one line; with them a field may hold line breaks, which move the count on. */
  multiLine: boolean,
  /** No byte of the segment needs escaping in COPY text (see copyLineOf). */
  verbatim: boolean,
  /** Where the accepted rows' COPY text goes (none: the lines are only checked). */
  copy: Utf8Sink | null,
): LineProblem | null {
  const cloud = layout.cloud;
  let line = startLine;
  for (const record of records) {
    const at = line;
    line += 1;
    if (multiLine) for (const value of record) line += countLineBreaks(value);
    if (record.length === 1 && (record[0] === '' || record[0] === '\r')) continue;
    try {
      if (record.length !== context.width) throw widthError(record, at, context, layout.columns);
      for (const row of layout.toRows(record, context.at, at)) {
        copy?.write(copyLineOf(row, cloud, context.importSeq, at, verbatim));
        result.rows += 1;
      }
    } catch (error) {
      if (!(error instanceof FeedLineError)) throw error;
      if (context.policy === 'REFUSE') {
        return { line: error.line, column: error.column, message: error.message };
      }
      result.quarantined.push(quarantinedLine(record, at, error));
    }
  }
  result.lines += line - startLine;
  return null;
}

function widthError(record: string[], line: number, context: SegmentContext, columns: readonly string[]): FeedLineError {
  const column = record.length < context.width ? (columns.find((c) => context.at[c] >= record.length) ?? '(end)') : '(end)';
  return new FeedLineError(line, column, `has ${record.length} fields, the header has ${context.width}`);
}

function csvProblem(error: CsvError, line: number): LineProblem {
  const column = (error as CsvError & { column?: number }).column;
  const field = column !== undefined ? `field ${Number(column) + 1}` : null;
  const message = error.message.replace(/ at line \d+/, '');
  return { line, column: field, message: `line ${line}${field ? `, ${field}` : ''}: ${message}` };
}

/** Byte offset where the segment's n-th line (0-based) starts. */
function lineStart(bytes: Uint8Array, n: number): number {
  let offset = 0;
  for (let i = 0; i < n && offset >= 0; i++) offset = bytes.indexOf(0x0a, offset) + 1 || -1;
  return offset < 0 ? bytes.length : offset;
}

function countLineBreaks(value: string): number {
  let count = 0;
  for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) count += 1;
  return count;
}
