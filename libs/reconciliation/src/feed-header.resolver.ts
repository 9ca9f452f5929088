import { parse } from 'csv-parse/sync';
import { FeedLineError } from './feed-line.error';
import type { FeedLayout } from './feed-row.model';

/** csv-parse's options for a feed's header (and the benchmark's raw-parse measurement): a UTF-8 BOM is dropped. */
export const FEED_CSV_OPTIONS = { relax_column_count: true, bom: true } as const;

/** Parses CSV bytes that hold whole records: the header is the one record of a file read in Node; PostgreSQL's COPY reads the rest. */
export const parseFeedCsv = (bytes: Uint8Array): string[][] =>
  parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), FEED_CSV_OPTIONS);

/** Where each of the layout's columns is in this file (header names, any order; a UTF-8 BOM is ignored). */
export function resolveHeader(layout: FeedLayout, header: string[]): Record<string, number> {
  const names = header.map((name, i) => (i === 0 ? name.replace(/^\uFEFF/, '') : name).trim().toLowerCase());
  const at: Record<string, number> = {};
  for (const column of layout.columns) {
    const index = names.indexOf(column);
    if (index < 0)
      throw new FeedLineError(1, column, `is missing from the header of a ${layout.feed} file (columns: ${layout.columns.join(', ')})`);
    at[column] = index;
  }
  return at;
}
