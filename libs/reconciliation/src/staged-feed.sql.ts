import { CURRENCY_EXPONENTS } from '@bridge/domain';

/**
 * What the SQL of every feed's staged intake shares: a file COPYed, as text,
 * into a staging table of its own (one text column per header column, `c0`,
 * `c1`, ..., and `ord`, the record's ordinal among those copied), the file
 * line of each record, the checks both feeds make of a value (currencies and
 * their decimals, plain decimal amounts, calendar dates) and the query that
 * finds the records' first problems. Each feed's own checks and the rows it
 * stores are its `*-staged-rows.sql.ts`. No value of the file is ever part
 * of an SQL text: the rules are written in as literals.
 */

/** Where each of the layout's columns is in this file's header (resolveHeader). */
export type HeaderAt = Readonly<Record<string, number>>;

/** How a copied record's ordinal becomes its file line (FeedCopyStream). */
export interface LineMap {
  firstLine: number;
  /** A record may hold line breaks: they are counted in the rows before it. */
  quoted: boolean;
  blankLines: readonly number[];
}

const DATE = '^([0-9]{4})-([0-9]{2})-([0-9]{2})([T ][0-9:.]+Z?)?$';

export const sqlText = (value: string) => `'${value.replace(/'/g, "''")}'`;
export const sqlList = (values: readonly string[]) => values.map(sqlText).join(', ');

export const stagingTable = (importSeq: bigint) => `feed_staging_${BigInt(importSeq).toString()}`;

export function createStaging(table: string, width: number): string {
  const columns = Array.from({ length: width }, (_, i) => `c${i} text`).join(', ');
  // UNLOGGED: the raw text lives only until this transaction stores its rows; writing it to the WAL would buy nothing.
  return `CREATE UNLOGGED TABLE ${table} (${columns}, ord bigint GENERATED ALWAYS AS IDENTITY)`;
}

export function copyIntoStaging(table: string, width: number): string {
  const columns = Array.from({ length: width }, (_, i) => `c${i}`).join(', ');
  return `COPY ${table} (${columns}) FROM STDIN (FORMAT csv)`;
}

/** Codes of the given decimals: PostgreSQL looks a long IN list up by hash, so a row's currency costs one probe, not a join. */
const codesWith = (test: (exponent: number) => boolean) =>
  sqlList([...CURRENCY_EXPONENTS].filter(([, exponent]) => test(exponent)).map(([code]) => code));

/** A currency's decimals, or null for a code that is no ISO 4217 currency. */
export const exponentOf = (currency: string) =>
  `CASE WHEN ${currency} IN (${codesWith((e) => e === 2)}) THEN 2 WHEN ${currency} IN (${codesWith((e) => e === 0)}) THEN 0
        WHEN ${currency} IN (${codesWith((e) => e === 3)}) THEN 3 WHEN ${currency} IN (${codesWith((e) => e === 4)}) THEN 4 END`;

/** A checked amount in integer minor units of its currency, exactly: through numeric, never a float. */
export const minorUnits = (amount: string, currency: string) => `(${amount}::numeric * (10 ^ ${exponentOf(currency)})::bigint)::bigint`;

/**
 * `^-?[0-9]{1,15}(\.[0-9]{1,6})?$` without a regular expression: on a
 * million rows PostgreSQL's regex engine cost seconds, these string functions
 * a tenth of that.
 */
const plainDecimal = (a: string) =>
  `translate(${a}, '0123456789', '') IN ('', '.', '-', '-.') AND (strpos(${a}, '-') = 0 OR left(${a}, 1) = '-')
   AND length(split_part(ltrim(${a}, '-'), '.', 1)) BETWEEN 1 AND 15
   AND (strpos(${a}, '.') = 0 OR length(split_part(${a}, '.', 2)) BETWEEN 1 AND 6)`;

/** The CASE branch refusing a code that is no ISO 4217 currency, in the line reader's words (currencyProblem). */
export const currencyCheck = (column: string, currency: string) =>
  `WHEN ${exponentOf(currency)} IS NULL THEN '${column}\t"' || ${currency} || '" is not an ISO 4217 currency code'`;

/** The CASE branches refusing an amount that is no plain decimal, or has more decimals than its currency (amountProblem). */
export const amountChecks = (column: string, amount: string, currency: string) =>
  `WHEN NOT (${plainDecimal(amount)}) THEN '${column}\t"' || ${amount} || '" is not a plain decimal amount such as 1234.56'
      WHEN length(split_part(${amount}, '.', 2)) > ${exponentOf(currency)} AND rtrim(substr(split_part(${amount}, '.', 2), ${exponentOf(currency)} + 1), '0') <> ''
        THEN '${column}\t"' || ${amount} || '" has more decimals than ' || ${currency} || ' has (' || ${exponentOf(currency)} || ')'`;

/**
 * The table of the staged file's distinct tuples of date values (`d0`,
 * `d1`, ..., as the fields read, '' when empty): a file holds few, so each
 * date is checked and parsed once per tuple, not once per row (datesJoin).
 */
export const datesTable = (table: string) => `${table}_dates`;

/** The i-th date field's column in datesTable. */
const tupleColumn = (i: number) => `d${i}`;

/** The i-th date field of a staged row, typed, as datesJoin gives it. */
export const typedDate = (i: number) => `dt.t${i}`;

/** The table of the staged file's distinct dates the line reader refuses (isoDate): few or none, looked up, never parsed per row. */
export const badDatesTable = (table: string) => `${table}_bad_dates`;

/** A date value the line reader refuses, looked up among the staged file's (`table`'s) bad dates (badDatesTable). */
export const isBadDate = (table: string, value: string) => `${value} IN (SELECT v FROM ${badDatesTable(table)})`;

/**
 * Joins each staged row (`s`) to its dates, typed: `dt.t0`, `dt.t1`, ... in
 * the order of `dates` (the fields stagedProblemsQuery was given), null when
 * empty or refused (a refused one is never stored: its row is malformed).
 * Parsing four dates of each of a million rows cost about a second; one
 * probe of a hash of the file's few tuples costs a fifth of that. The tuples
 * are the small side of the join, so the rows keep their file order.
 */
export function datesJoin(table: string, dates: readonly string[]): string {
  const typed = dates.map(
    (_, i) =>
      `CASE WHEN ${tupleColumn(i)} IN (SELECT v FROM ${badDatesTable(table)}) THEN NULL ELSE ${dateOf(tupleColumn(i))} END AS t${i}`,
  );
  return `JOIN (SELECT *, ${typed.join(', ')} FROM ${datesTable(table)}) dt ON ${dates.map((d, i) => `dt.${tupleColumn(i)} = ${d}`).join(' AND ')}`;
}

const validDate = (v: string) =>
  `CASE WHEN ${v} = '' THEN true WHEN ${v} !~ '${DATE}' THEN false
        WHEN substr(${v}, 6, 2)::int NOT BETWEEN 1 AND 12 THEN false
        ELSE substr(${v}, 9, 2)::int BETWEEN 1 AND CASE substr(${v}, 6, 2)
          WHEN '02' THEN CASE WHEN substr(${v}, 1, 4)::int % 4 = 0 AND (substr(${v}, 1, 4)::int % 100 <> 0 OR substr(${v}, 1, 4)::int % 400 = 0) THEN 29 ELSE 28 END
          WHEN '04' THEN 30 WHEN '06' THEN 30 WHEN '09' THEN 30 WHEN '11' THEN 30 ELSE 31 END END`;

/** A checked date value, or null when empty: its first ten characters (a time after the day is dropped). */
export const dateOf = (value: string) => `left(nullif(${value}, ''), 10)::date`;

/** A staged column by its header name, as an expression over `s` ('' when empty). */
export const fieldOf = (at: HeaderAt) => (name: string) => `coalesce(s.c${at[name]}, '')`;

/** The file line of each copied record, as an expression over `s` (the staging row) and `lines` (lineTable, when quoted). */
export function lineExpression(map: LineMap): string {
  const base = map.quoted ? 'lines.line' : `(s.ord + ${map.firstLine - 1})::int`;
  if (map.blankLines.length === 0) return base;
  // A blank line at file line b, the k-th (0-based), is at b - k in the numbering without blank lines: a record at or after it moves down one.
  const shifted = map.blankLines.map((b, k) => b - k);
  return `(${base} + (SELECT count(*) FROM unnest('{${shifted.join(',')}}'::int[]) AS b(at) WHERE b.at <= ${base}))::int`;
}

/** When records may span lines: each record's line without blank lines, from the line breaks inside the records before it. */
export function lineTable(table: string, width: number, firstLine: number): string {
  const text = `concat_ws(',', ${Array.from({ length: width }, (_, i) => `s.c${i}`).join(', ')})`;
  return `CREATE TEMP TABLE ${table}_lines ON COMMIT DROP AS
    SELECT ord, (${firstLine - 1} + ord + coalesce(sum(length(${text}) - length(replace(${text}, E'\\n', '')))
             OVER (ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))::int AS line
      FROM ${table} s`;
}

export const linesJoin = (table: string, map: LineMap) => (map.quoted ? `JOIN ${table}_lines lines ON lines.ord = s.ord` : '');

/**
 * The staging rows' first problems, in file order: ord, line, column, reason,
 * the line as CSV (its start) and its length. `problem` is a row's first
 * problem as `column<TAB>reason`, or null, over `s`; `dates` the date fields
 * it looks up in the bad dates (isBadDate), in the order datesJoin reads
 * them. $1: how many at most. Three statements, run in turn: the file's date
 * tuples (datesTable, which the store reads too), its bad dates, then one
 * scan for the problems, in which the line's text is built only for the rows
 * with one. The dates are UNLOGGED tables of the transaction, like the
 * staging table, not CTEs or temporary tables: either would keep the scan in one
 * process, where as a table PostgreSQL's parallel workers share it (the
 * checks of a million lines 2.8 s against 1.9 s, measured on a busy machine).
 */
export function stagedProblemsQuery(
  table: string,
  width: number,
  map: LineMap,
  problem: string,
  dates: readonly string[],
): ProblemStatements {
  const record = `concat_ws(',', ${Array.from({ length: width }, (_, i) => `CASE WHEN s.c${i} ~ '[",\\r\\n]' THEN '"' || replace(s.c${i}, '"', '""') || '"' ELSE coalesce(s.c${i}, '') END`).join(', ')})`;
  const names = dates.map((_, i) => tupleColumn(i));
  // A file holds few distinct dates: each is checked once, and a row only looks its dates up among the bad ones.
  return [
    `CREATE UNLOGGED TABLE ${datesTable(table)} AS
            SELECT ${dates.map((d, i) => `${d} AS ${names[i]}`).join(', ')} FROM ${table} s GROUP BY ${names.map((_, i) => i + 1).join(', ')}`,
    `CREATE UNLOGGED TABLE ${badDatesTable(table)} AS
            SELECT DISTINCT d.v FROM ${datesTable(table)} g CROSS JOIN LATERAL (VALUES ${names.map((n) => `(g.${n})`).join(', ')}) AS d(v)
             WHERE NOT (${validDate('d.v')})`,
    `SELECT s.ord::text AS ord, ${lineExpression(map)} AS line, split_part(s.problem, E'\\t', 1) AS "column",
                 substr(s.problem, strpos(s.problem, E'\\t') + 1) AS reason, left(${record}, 1024) AS raw, length(${record}) AS "rawLength"
            FROM (SELECT s.*, ${problem} AS problem FROM ${table} s) s ${linesJoin(table, map)}
           WHERE s.problem IS NOT NULL
           ORDER BY s.ord LIMIT $1`,
  ];
}

/** The statements of a staged file's problems, run in turn: its date tuples (analyzed), its bad dates, then the problems. */
export type ProblemStatements = readonly [dates: string, badDates: string, problems: string];

/** An optional value: null when empty. */
export const optional = (value: string) => `nullif(${value}, '')`;
