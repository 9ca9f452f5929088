import type { z } from 'zod';

/** Which stored value: the table, the row's id and the JSON column. */
export interface StoredJsonField {
  table: string;
  id: string;
  field: string;
}

/**
 * A JSON column whose stored value is not the shape the product wrote: a
 * hand edit, a write that skipped its schema, or a shape an older version
 * wrote. Raised rather than read with a default, so the row can be found and
 * fixed instead of being acted on wrongly.
 */
export class StoredJsonError extends Error {
  constructor(
    readonly where: StoredJsonField,
    detail: string,
  ) {
    super(`${where.table} ${where.id}: ${where.field} is not as stored: ${detail}`);
    this.name = 'StoredJsonError';
  }
}

/** Parses a JSON column read from the database with the schema it was written with. */
export function parseStoredJson<S extends z.ZodType>(schema: S, value: unknown, where: StoredJsonField): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(value)'}: ${i.message}`).join('; ');
  throw new StoredJsonError(where, detail);
}
