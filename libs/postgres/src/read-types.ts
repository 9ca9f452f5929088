import pg from 'pg';

/** A statement ready to send: text with $1..$n placeholders and its values (what `Prisma.sql` builds). */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}

/** Type oids (pg_type) whose text the reads decode differently from node-postgres's defaults. */
const INT8 = 20;
const DATE = 1082;
const TIMESTAMP = 1114;

/**
 * The columns hold UTC without a zone: '2026-03-01 10:00:00.123456' is that
 * instant in UTC, whatever zone the process runs in (node-postgres would read
 * it as local time). Milliseconds, as a Date holds them.
 */
export function utcTimestamp(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}Z`);
}

/** A calendar day as the instant of its UTC midnight. */
export function utcDay(text: string): Date {
  return new Date(`${text}T00:00:00Z`);
}

/**
 * How the reads decode a row: money and counts (bigint columns) exactly as
 * bigint, timestamps and days as UTC instants, the rest as node-postgres
 * does. Passed per query, so other users of the pool keep the defaults.
 */
export const READ_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (format !== 'binary') {
      if (oid === INT8) return (text: string) => BigInt(text);
      if (oid === TIMESTAMP) return utcTimestamp;
      if (oid === DATE) return utcDay;
    }
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Dates are sent as UTC instants (node-postgres would write them in the process's zone); the rest as node-postgres sends them. */
export function boundValues(values: readonly unknown[]): unknown[] {
  return values.map((value) => (value instanceof Date ? value.toISOString() : value));
}
