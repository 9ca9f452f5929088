import type { KeyValue, OrderKey } from './cursor.codec';

/**
 * The rows after a cursor, as a Prisma `where`: for keys (a desc, b desc) and
 * values (x, y), `a < x OR (a = x AND b < y)`. The last key must be unique
 * (an id), so the order is total and no row is skipped or repeated. Pair it
 * with `orderByOf(keys)` and an index on the same columns, so a page costs a
 * seek and `limit` rows whatever the list's length.
 */
export function keysetWhere(keys: readonly OrderKey[], after: readonly KeyValue[] | null): Record<string, unknown> {
  if (!after) return {};
  const branches = keys.map((key, i) => {
    const branch: Record<string, unknown> = {};
    for (let j = 0; j < i; j++) branch[keys[j]!.field] = after[j];
    branch[key.field] = { [key.direction === 'asc' ? 'gt' : 'lt']: after[i] };
    return branch;
  });
  return { OR: branches };
}

/** The Prisma `orderBy` that goes with the keys. */
export function orderByOf(keys: readonly OrderKey[]): Record<string, 'asc' | 'desc'>[] {
  return keys.map((key) => ({ [key.field]: key.direction }));
}
