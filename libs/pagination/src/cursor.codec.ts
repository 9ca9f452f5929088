/**
 * Opaque page cursors. A cursor holds the ordering key of the last row a page
 * returned (keyset pagination), never an offset: rows inserted while a client
 * pages through a list neither repeat nor shift what comes next. It names the
 * list it came from, so a cursor of one list is refused by another.
 */
export type KeyType = 'date' | 'string' | 'uuid' | 'bigint' | 'number';

export interface OrderKey {
  /** The column as the query names it (a Prisma field, or a SQL column for raw queries). */
  field: string;
  direction: 'asc' | 'desc';
  type: KeyType;
}

export type KeyValue = Date | string | bigint | number;

/** A cursor that cannot be read: the client gets 400 naming `cursor` with this reason. */
export class CursorError extends Error {}

const VERSION = 1;

export function encodeCursor(list: string, keys: readonly OrderKey[], values: readonly KeyValue[]): string {
  if (values.length !== keys.length) throw new Error(`cursor of ${list}: ${values.length} values for ${keys.length} keys`);
  const encoded = values.map((value, i) => encodeValue(keys[i]!.type, value));
  return Buffer.from(JSON.stringify([VERSION, list, ...encoded]), 'utf8').toString('base64url');
}

export function decodeCursor(list: string, keys: readonly OrderKey[], cursor: string): KeyValue[] {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new CursorError('not a cursor this API issued');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('not a cursor this API issued');
  }
  if (!Array.isArray(parsed) || parsed[0] !== VERSION) throw new CursorError('not a cursor this API issued');
  if (parsed[1] !== list) throw new CursorError(`a cursor of another list (${String(parsed[1])}), not of ${list}`);
  const raw = parsed.slice(2);
  if (raw.length !== keys.length) throw new CursorError('not a cursor this API issued');
  return raw.map((value, i) => decodeValue(keys[i]!.type, value));
}

function encodeValue(type: KeyType, value: KeyValue): string | number {
  if (type === 'date') return (value as Date).toISOString();
  if (type === 'bigint') return (value as bigint).toString();
  return value as string | number;
}

function decodeValue(type: KeyType, value: unknown): KeyValue {
  const bad = () => new CursorError('not a cursor this API issued');
  switch (type) {
    case 'date': {
      if (typeof value !== 'string') throw bad();
      const at = new Date(value);
      if (Number.isNaN(at.getTime())) throw bad();
      return at;
    }
    case 'bigint':
      if (typeof value !== 'string' || !/^-?\d{1,20}$/.test(value)) throw bad();
      return BigInt(value);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad();
      return value;
    case 'uuid':
      if (typeof value !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw bad();
      return value;
    case 'string':
      if (typeof value !== 'string' || value.length > 1000) throw bad();
      return value;
  }
}
