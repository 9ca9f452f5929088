import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import pg from 'pg';

/**
 * The schema engine's introspection reads PostgreSQL `"char"` columns (type
 * OID 18: pg_class.relkind, pg_constraint.contype, ...), which
 * @prisma/adapter-pg 7.10 cannot decode ("Column type 'char' could not be
 * deserialized"). We hand those columns to the adapter as text and re-type
 * them as Character in the adapter's answer, which is what the engine reads.
 *
 * This patches `pg.Client` for the migration tool's process only; the
 * product's own runtime never loads this file.
 */
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const charColumnsByRows = new WeakMap<object, number[]>();

interface PgResultLike {
  fields?: { dataTypeID: number }[];
  rows?: object;
}

function retypeCharFields(result: unknown): unknown {
  for (const r of (Array.isArray(result) ? result : [result]) as PgResultLike[]) {
    const indexes: number[] = [];
    r?.fields?.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        indexes.push(index);
      }
    });
    if (indexes.length && r.rows) charColumnsByRows.set(r.rows, indexes);
  }
  return result;
}

let patched = false;
export function patchPgClientForCharColumns(): void {
  if (patched) return;
  patched = true;
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    const callbackIndex = args.findIndex((a) => typeof a === 'function');
    if (callbackIndex >= 0) {
      const callback = args[callbackIndex] as (err: Error | null, res: unknown) => void;
      args[callbackIndex] = (err: Error | null, res: unknown) => callback(err, err ? res : retypeCharFields(res));
      return original.apply(this, args);
    }
    const ret = original.apply(this, args) as Promise<unknown> | undefined;
    return ret && typeof ret.then === 'function' ? ret.then(retypeCharFields) : ret;
  };
}

interface QueryableLike {
  queryRaw(query: unknown): Promise<{ rows: object; columnTypes: number[] }>;
  startTransaction?: (...args: unknown[]) => Promise<QueryableLike>;
}

/** Marks the columns retyped above as Character in a driver adapter's answers. */
export function withCharColumns<T extends object>(queryable: T): T {
  const q = queryable as unknown as QueryableLike;
  const queryRaw = q.queryRaw.bind(q);
  q.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumnsByRows.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  if (q.startTransaction) {
    const start = q.startTransaction.bind(q);
    q.startTransaction = async (...args) => withCharColumns(await start(...args));
  }
  return queryable;
}
