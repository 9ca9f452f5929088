import type { KeyValue } from './cursor.codec';
import { keysetWhere, orderByOf } from './keyset.where';
import { pageOf, type PageInfo } from './page.builder';
import type { ListOrder, PageRequest } from './page-query.schema';

/** What a Prisma `findMany` needs for one page: the keyset condition, the order and `limit + 1` rows. */
export interface PageArgs {
  after: Record<string, unknown>;
  orderBy: Record<string, 'asc' | 'desc'>[];
  take: number;
}

/**
 * Reads one page of a Prisma list: `find` spreads `after` into its `where`
 * beside its own filters and passes `orderBy` and `take` on. The cursor of
 * the next page is read from the last row's key fields, which therefore must
 * be selected.
 */
export async function findPage<T extends object>(
  order: ListOrder,
  request: PageRequest,
  find: (args: PageArgs) => Promise<T[]>,
): Promise<{ rows: T[]; page: PageInfo }> {
  const rows = await find({ after: keysetWhere(order.keys, request.cursor), orderBy: orderByOf(order.keys), take: request.limit + 1 });
  return pageOf(order.list, order.keys, rows, request.limit, (row) =>
    order.keys.map((key) => (row as Record<string, unknown>)[key.field] as KeyValue),
  );
}
