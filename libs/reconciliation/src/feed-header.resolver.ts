import { FeedLineError } from './feed-line.error';
import type { FeedLayout } from './feed-row.model';

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
