import { encodeCursor, type KeyValue, type OrderKey } from './cursor.codec';

/** What every paginated list answers beside its rows. */
export interface PageInfo {
  limit: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Builds a page from `limit + 1` rows read in key order: the extra row only
 * says whether there is a next page, and is not returned.
 */
export function pageOf<T>(
  list: string,
  keys: readonly OrderKey[],
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => readonly KeyValue[],
): { rows: T[]; page: PageInfo } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(list, keys, keyOf(last)) : null;
  return { rows: items, page: { limit, nextCursor } };
}
