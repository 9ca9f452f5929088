import { amountSignProblem, BILLING_ACTIONS, BILLING_TRANSACTION_TYPES, isAccountLevelType } from '@bridge/domain';
import {
  amountChecks,
  currencyCheck,
  datesJoin,
  exponentOf,
  fieldOf,
  isBadDate,
  lineExpression,
  linesJoin,
  optional,
  sqlList,
  sqlText,
  stagedProblemsQuery,
  typedDate,
  type HeaderAt,
  type LineMap,
  type ProblemStatements,
} from './staged-feed.sql';

// Matching's SQL reads these here, where they were first written.
export { exponentOf, sqlText } from './staged-feed.sql';

/**
 * The SQL that checks and stores an AWS billing event file that COPY put,
 * as text, into a staging table (one text column per header column, `c0`,
 * `c1`, ..., and `ord`, the record's ordinal among those copied). Every check
 * of the file's own reader is here as one set-based expression, in the same
 * order and with the same words, so the first problem of a line is the one
 * named (what both feeds share is staged-feed.sql.ts). The rules come from libs/domain (actions, transaction types, the
 * signs the page fixes, currencies and their decimals), written into the SQL
 * as literals: no value of the file is ever part of the SQL text.
 */

const ID_MAX = 200;
const TRUE_FLAGS = ['1', 'true', 't', 'y', 'yes'];
const FLAGS = [...TRUE_FLAGS, '0', 'false', 'f', 'n', 'no'];
const ACCOUNT_LEVEL = BILLING_TRANSACTION_TYPES.filter(isAccountLevelType);

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

const DATE_COLUMNS = ['invoice_date', 'payment_due_date', 'usage_period_start_date', 'usage_period_end_date'] as const;

/**
 * A row's first problem as `column<TAB>reason`, or null: the checks of the
 * layout, in its order. `field(name)` is the column's text ('' when empty).
 */
function problemOf(table: string, field: (name: string) => string): string {
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
      ${currencyCheck('currency', currency)}
      ${amountChecks('amount', amount, currency)}
      ${signProblems(amount, action, type)}
      WHEN ${flag} NOT IN ('0', '1') AND lower(${flag}) NOT IN (${sqlList(FLAGS)}) THEN 'balance_impacting\t"' || ${flag} || '" is not 0/1 or true/false'
      WHEN ${ref} = '' AND NOT ${accountLevel} THEN 'transaction_reference_id\tis empty, but a ' || ${type} || ' row must name its transaction'
      WHEN ${type} = 'DISBURSEMENT_FAILURE' AND ${parent} = ''
        THEN 'parent_billing_event_id\tis empty, but a DISBURSEMENT_FAILURE must name the DISBURSEMENT that failed'
      WHEN ${action} = 'DISBURSED' AND NOT ${accountLevel} AND ${parent} = ''
        THEN 'parent_billing_event_id\tis empty, but a disbursed row must name the invoiced event it pays'
      WHEN ${action} = 'DISBURSED' AND NOT ${accountLevel} AND ${disbursement} = ''
        THEN 'disbursement_billing_event_id\tis empty, but a disbursed row must name its disbursement'
      ${DATE_COLUMNS.map((c) => `WHEN ${isBadDate(table, field(c))} THEN '${c}\t"' || ${field(c)} || '" is not a date such as 2026-10-01'`).join('\n      ')}
    END`;
}

/** The statements of the staging rows' first problems, in file order (stagedProblemsQuery). $1: how many at most. */
export function problemsQuery(table: string, width: number, at: HeaderAt, map: LineMap): ProblemStatements {
  return stagedProblemsQuery(table, width, map, problemOf(table, fieldOf(at)), DATE_COLUMNS.map(fieldOf(at)));
}

/**
 * The staging rows, but the malformed ones ($1: their ordinals), stored as
 * billing_feed_row rows of import `importSeq`. No ORDER BY: a scan of the
 * staging table, written by one COPY and read by nobody else, gives its rows
 * in file order, the primary key's, so the insert appends without a sort.
 * Amounts become integer minor units exactly: numeric, never a float; the
 * dates are the file's date tuples, parsed once each (datesJoin).
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
           ${DATE_COLUMNS.map((_, i) => typedDate(i)).join(', ')},
           ${optional(f('invoice_id'))}, ${optional(f('bank_trace_id'))}, ${optional(f('agreement_id'))}
      FROM ${table} s ${datesJoin(table, DATE_COLUMNS.map(f))} ${linesJoin(table, map)}
     WHERE s.ord NOT IN (SELECT unnest($1::bigint[]))`;
}
