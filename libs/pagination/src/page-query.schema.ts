import { z } from 'zod';
import { CursorError, decodeCursor, type KeyValue, type OrderKey } from './cursor.codec';

/**
 * Page sizes: what a list answers when not told, and the most it answers at
 * once. A page's cost (the API's CPU, the bytes on the wire) follows its rows,
 * and most reads want the first screenful: 50 rows cost a third less than 100
 * per request for the widest lists (offers, usage hours), and a client that
 * reads a whole list asks for more (`limit`, up to MAX_PAGE_LIMIT).
 */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 1000;

/** A list's name and the order its pages follow (last key unique). */
export interface ListOrder {
  list: string;
  keys: readonly OrderKey[];
}

export const listOrder = (list: string, keys: readonly OrderKey[]): ListOrder => ({ list, keys });

/**
 * The query fields every paginated list takes: `limit` (1..MAX_PAGE_LIMIT,
 * default DEFAULT_PAGE_LIMIT) and `cursor` (from the previous page's
 * `page.nextCursor`), decoded into `after`. Spread into a list's own query
 * schema beside its filters.
 */
export function pageQueryFields(order: ListOrder) {
  return {
    limit: z.coerce
      .number({ message: `must be a whole number from 1 to ${MAX_PAGE_LIMIT}` })
      .int(`must be a whole number from 1 to ${MAX_PAGE_LIMIT}`)
      .min(1, `must be a whole number from 1 to ${MAX_PAGE_LIMIT}`)
      .max(MAX_PAGE_LIMIT, `at most ${MAX_PAGE_LIMIT}`)
      .default(DEFAULT_PAGE_LIMIT),
    cursor: z
      .string()
      .max(2000, 'not a cursor this API issued')
      .optional()
      .transform((cursor, ctx): KeyValue[] | null => {
        if (cursor === undefined || cursor === '') return null;
        try {
          return decodeCursor(order.list, order.keys, cursor);
        } catch (error) {
          if (!(error instanceof CursorError)) throw error;
          ctx.addIssue({ code: 'custom', message: error.message });
          return z.NEVER;
        }
      }),
  };
}

/** What a parsed page query gives a repository. */
export interface PageRequest {
  limit: number;
  cursor: KeyValue[] | null;
}
