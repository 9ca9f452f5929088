import { amountSignProblem, BILLING_ACTIONS, BILLING_TRANSACTION_TYPES, CURRENCY_EXPONENTS, isAccountLevelType } from '@bridge/domain';

/**
 * The SQL that checks and stores an AWS billing event file that COPY put,
 * as text, into a staging table (one text column per header column, `c0`,
 * `c1`, ..., and `ord`, the record's ordinal among those copied). Every check
 * of the file's own reader is here as one set-based expression, in the same
 * order and with the same words, so the first problem of a line is the one
 * named. The rules come from libs/domain (actions, transaction types, the
 * signs the page fixes, currencies and their decimals), written into the SQL
 * as literals: no value of the file is ever part of the SQL text.
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

const ID_MAX = 200;
const DATE = '^([0-9]{4})-([0-9]{2})-([0-9]{2})([T ][0-9:.]+Z?)?$';
const TRUE_FLAGS = ['1', 'true', 't', 'y', 'yes'];
const FLAGS = [...TRUE_FLAGS, '0', 'false', 'f', 'n', 'no'];

export const sqlText = (value: string) => `'${value.replace(/'/g, "''")}'`;
const sqlList = (values: readonly string[]) => values.map(sqlText).join(', ');
const ACCOUNT_LEVEL = BILLING_TRANSACTION_TYPES.filter(isAccountLevelType);

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

/**
 * `^-?[0-9]{1,15}(\.[0-9]{1,6})?$` without a regular expression: on a
 * million rows PostgreSQL's regex engine cost seconds, these string functions
 * a tenth of that.
 */
const plainDecimal = (a: string) =>
  `translate(${a}, '0123456789', '') IN ('', '.', '-', '-.') AND (strpos(${a}, '-') = 0 OR left(${a}, 1) = '-')
   AND length(split_part(ltrim(${a}, '-'), '.', 1)) BETWEEN 1 AND 15
   AND (strpos(${a}, '.') = 0 OR length(split_part(${a}, '.', 2)) BETWEEN 1 AND 6)`;

/** The sign of a plain decimal, read off its characters (a numeric per row costs more). */
const signOf = (a: string) => `CASE WHEN translate(${a}, '-0.', '') = '' THEN 0 WHEN left(${a}, 1) = '-' THEN -1 ELSE 1 END`;

/** The signs the page fixes on a row by itself, from the domain's rule, for every action, type and sign. */
function signProblems(amount: string, action: string, type: string): string {
  const cases: string[] = [];
  for (const a of BILLING_ACTIONS)
    for (const t of BILLING_TRANSACTION_TYPES)
      for (const sign of [1n, -1n]) {
        const problem = amountSignProblem(a, t, sign);
        if (problem === null) continue;
        cases.push(
          `WHEN ${action} = ${sqlText(a)} AND ${type} = ${sqlText(t)} AND ${signOf(amount)} = ${sign} ` +
            `THEN ${sqlText('amount\t')} || ${amount} || ${sqlText(` has the wrong sign: ${problem}`)}`,
        );
      }
  return cases.join('\n      ');
}

const validDate = (v: string) =>
  `CASE WHEN ${v} = '' THEN true WHEN ${v} !~ '${DATE}' THEN false
        WHEN substr(${v}, 6, 2)::int NOT BETWEEN 1 AND 12 THEN false
        ELSE substr(${v}, 9, 2)::int BETWEEN 1 AND CASE substr(${v}, 6, 2)
          WHEN '02' THEN CASE WHEN substr(${v}, 1, 4)::int % 4 = 0 AND (substr(${v}, 1, 4)::int % 100 <> 0 OR substr(${v}, 1, 4)::int % 400 = 0) THEN 29 ELSE 28 END
          WHEN '04' THEN 30 WHEN '06' THEN 30 WHEN '09' THEN 30 WHEN '11' THEN 30 ELSE 31 END END`;

const DATE_COLUMNS = ['invoice_date', 'payment_due_date', 'usage_period_start_date', 'usage_period_end_date'] as const;

/**
 * A row's first problem as `column<TAB>reason`, or null: the checks of the
 * layout, in its order. `field(name)` is the column's text ('' when empty).
 */
function problemOf(field: (name: string) => string): string {
  const [id, action, type, currency, amount, flag, ref, parent, disbursement] = [
    'billing_event_id',
    'action',
    'transaction_type',
    'currency',
    'amount',
    'balance_impacting',
    'transaction_reference_id',
    'parent_billing_event_id',
    'disbursement_billing_event_id',
  ].map(field);
  const accountLevel = `${type} IN (${sqlList(ACCOUNT_LEVEL)})`;
  return `CASE
      WHEN ${id} = '' THEN 'billing_event_id\tis empty'
      WHEN length(${id}) > ${ID_MAX} THEN 'billing_event_id\tis longer than ${ID_MAX} characters'
      WHEN ${action} NOT IN (${sqlList(BILLING_ACTIONS)}) THEN 'action\t"' || ${action} || '" is not INVOICED, FORGIVEN or DISBURSED'
      WHEN ${type} NOT IN (${sqlList(BILLING_TRANSACTION_TYPES)}) THEN 'transaction_type\t"' || ${type} || '" is not a known transaction type'
      WHEN ${exponentOf(currency)} IS NULL THEN 'currency\t"' || ${currency} || '" is not an ISO 4217 currency code'
      WHEN NOT (${plainDecimal(amount)}) THEN 'amount\t"' || ${amount} || '" is not a plain decimal amount such as 1234.56'
      WHEN length(split_part(${amount}, '.', 2)) > ${exponentOf(currency)} AND rtrim(substr(split_part(${amount}, '.', 2), ${exponentOf(currency)} + 1), '0') <> ''
        THEN 'amount\t"' || ${amount} || '" has more decimals than ' || ${currency} || ' has (' || ${exponentOf(currency)} || ')'
      ${signProblems(amount, action, type)}
      WHEN ${flag} NOT IN ('0', '1') AND lower(${flag}) NOT IN (${sqlList(FLAGS)}) THEN 'balance_impacting\t"' || ${flag} || '" is not 0/1 or true/false'
      WHEN ${ref} = '' AND NOT ${accountLevel} THEN 'transaction_reference_id\tis empty, but a ' || ${type} || ' row must name its transaction'
      WHEN ${type} = 'DISBURSEMENT_FAILURE' AND ${parent} = ''
        THEN 'parent_billing_event_id\tis empty, but a DISBURSEMENT_FAILURE must name the DISBURSEMENT that failed'
      WHEN ${action} = 'DISBURSED' AND NOT ${accountLevel} AND ${parent} = ''
        THEN 'parent_billing_event_id\tis empty, but a disbursed row must name the invoiced event it pays'
      WHEN ${action} = 'DISBURSED' AND NOT ${accountLevel} AND ${disbursement} = ''
        THEN 'disbursement_billing_event_id\tis empty, but a disbursed row must name its disbursement'
      ${DATE_COLUMNS.map((c) => `WHEN ${field(c)} IN (SELECT v FROM bad_dates) THEN '${c}\t"' || ${field(c)} || '" is not a date such as 2026-10-01'`).join('\n      ')}
    END`;
}

const fieldOf = (at: HeaderAt) => (name: string) => `coalesce(s.c${at[name]}, '')`;

/** The file line of each copied record, as an expression over `s` (the staging row) and `lines` (lineTable, when quoted). */
function lineExpression(map: LineMap): string {
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

const linesJoin = (table: string, map: LineMap) => (map.quoted ? `JOIN ${table}_lines lines ON lines.ord = s.ord` : '');

/**
 * The staging rows' first problems, in file order: ord, line, column, reason,
 * the line as CSV (its start) and its length. $1: how many at most. One scan:
 * the line's text is built only for the rows with a problem.
 */
export function problemsQuery(table: string, width: number, at: HeaderAt, map: LineMap): string {
  const dates = DATE_COLUMNS.map(fieldOf(at));
  const record = `concat_ws(',', ${Array.from({ length: width }, (_, i) => `CASE WHEN s.c${i} ~ '[",\\r\\n]' THEN '"' || replace(s.c${i}, '"', '""') || '"' ELSE coalesce(s.c${i}, '') END`).join(', ')})`;
  // A file holds few distinct dates: each is checked once, and a row only looks its dates up among the bad ones.
  return `WITH bad_dates AS MATERIALIZED (
            SELECT DISTINCT d.v FROM (SELECT ${dates.join(', ')} FROM ${table} s GROUP BY ${dates.map((_, i) => i + 1).join(', ')}) g(${dates.map((_, i) => `d${i}`).join(', ')})
              CROSS JOIN LATERAL (VALUES ${dates.map((_, i) => `(g.d${i})`).join(', ')}) AS d(v)
             WHERE NOT (${validDate('d.v')}))
          SELECT s.ord::text AS ord, ${lineExpression(map)} AS line, split_part(s.problem, E'\\t', 1) AS "column",
                 substr(s.problem, strpos(s.problem, E'\\t') + 1) AS reason, left(${record}, 1024) AS raw, length(${record}) AS "rawLength"
            FROM (SELECT s.*, ${problemOf(fieldOf(at))} AS problem FROM ${table} s) s ${linesJoin(table, map)}
           WHERE s.problem IS NOT NULL
           ORDER BY s.ord LIMIT $1`;
}

const optional = (value: string) => `nullif(${value}, '')`;
const dateOf = (value: string) => `left(nullif(${value}, ''), 10)::date`;

/**
 * The staging rows, but the malformed ones ($1: their ordinals), stored as
 * billing_feed_row rows of import `importSeq`. No ORDER BY: a scan of the
 * staging table, written by one COPY and read by nobody else, gives its rows
 * in file order, the primary key's, so the insert appends without a sort.
 * Amounts become integer minor units exactly: numeric, never a float.
 */
export function storeRowsSql(table: string, at: HeaderAt, importSeq: bigint, map: LineMap): string {
  const f = fieldOf(at);
  return `INSERT INTO billing_feed_row (cloud, transaction_reference_id, billing_event_id, import_seq, line, from_account_id, to_account_id,
            end_user_account_id, product_id, action, transaction_type, parent_billing_event_id, disbursement_billing_event_id, amount_minor,
            currency, balance_impacting, invoice_date, payment_due_date, usage_period_start, usage_period_end, invoice_id, bank_trace_id, agreement_id)
    SELECT 'AWS', ${f('transaction_reference_id')}, ${f('billing_event_id')}, ${BigInt(importSeq).toString()}, ${lineExpression(map)},
           ${optional(f('from_account_id'))}, ${optional(f('to_account_id'))}, ${optional(f('end_user_account_id'))}, ${optional(f('product_id'))},
           ${f('action')}, ${f('transaction_type')}, ${optional(f('parent_billing_event_id'))}, ${optional(f('disbursement_billing_event_id'))},
           (${f('amount')}::numeric * (10 ^ ${exponentOf(f('currency'))})::bigint)::bigint, ${f('currency')}, lower(${f('balance_impacting')}) IN (${sqlList(TRUE_FLAGS)}),
           ${DATE_COLUMNS.map((c) => dateOf(f(c))).join(', ')},
           ${optional(f('invoice_id'))}, ${optional(f('bank_trace_id'))}, ${optional(f('agreement_id'))}
      FROM ${table} s ${linesJoin(table, map)}
     WHERE s.ord NOT IN (SELECT unnest($1::bigint[]))`;
}
