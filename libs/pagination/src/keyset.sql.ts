import { Prisma } from '@bridge/database';
import type { KeyValue, OrderKey } from './cursor.codec';

/**
 * The rows after a cursor for raw SQL, the counterpart of `keysetWhere`: a
 * row comparison `(a, b) < (x, y)` when every key runs the same way (which a
 * composite index serves as one range), else the expanded OR. `field` must be
 * a trusted column expression (it is written into the SQL as is); the values
 * are bound parameters.
 */
export function keysetSql(keys: readonly OrderKey[], after: readonly KeyValue[] | null): Prisma.Sql {
  if (!after) return Prisma.sql`TRUE`;
  const value = (i: number) => boundValue(keys[i]!, after[i]!);
  const sameWay = keys.every((key) => key.direction === keys[0]!.direction);
  if (sameWay) {
    const columns = Prisma.raw(keys.map((key) => key.field).join(', '));
    const values = Prisma.join(keys.map((_, i) => value(i)));
    return keys[0]!.direction === 'asc' ? Prisma.sql`(${columns}) > (${values})` : Prisma.sql`(${columns}) < (${values})`;
  }
  const branches = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((k, j) => Prisma.sql`${Prisma.raw(k.field)} = ${value(j)}`);
    const beyond = Prisma.sql`${Prisma.raw(key.field)} ${Prisma.raw(key.direction === 'asc' ? '>' : '<')} ${value(i)}`;
    return Prisma.sql`(${Prisma.join([...equal, beyond], ' AND ')})`;
  });
  return Prisma.sql`(${Prisma.join(branches, ' OR ')})`;
}

/** `ORDER BY` for the keys. */
export function orderBySql(keys: readonly OrderKey[]): Prisma.Sql {
  return Prisma.raw(`ORDER BY ${keys.map((key) => `${key.field} ${key.direction.toUpperCase()}`).join(', ')}`);
}

/** Timestamps are bound as text cast to timestamp (the columns hold UTC without a zone), uuids as text cast by the column. */
function boundValue(key: OrderKey, value: KeyValue): Prisma.Sql {
  if (key.type === 'date') return Prisma.sql`${(value as Date).toISOString()}::timestamp`;
  if (key.type === 'uuid') return Prisma.sql`${value}::uuid`;
  if (key.type === 'bigint') return Prisma.sql`${(value as bigint).toString()}::bigint`;
  return Prisma.sql`${value}`;
}
