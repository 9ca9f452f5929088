import { BILLING_ACTIONS, BILLING_TRANSACTION_TYPES, billingRowBuckets, itemAmountMinor, ROW_BUCKET } from '@bridge/domain';
import type { Cloud } from '@bridge/database';
import { sqlText } from './aws-staged-rows.sql';
import { VERDICT_SOURCE_COLUMNS } from './item-verdict.sql';

/**
 * The SQL of matching, set-based, in the import's one transaction: the items
 * the import touched, totalled from the current version of every stored row
 * of theirs (any import), matched to their agreements, judged (verdictQuery)
 * and written, with their disbursement lines and the lump sums these touch.
 * $1 is the cloud, $2 the import seq.
 *
 * ORDERED_FOR_KEYS: what is written to a table keyed by item (billing_feed_item,
 * reconciliation_item, reconciliation_disbursement_line) is sorted by that
 * key first, in byte order ("C", the same order as the database's C.UTF-8):
 * a b-tree written in key order appends to its last pages, where one written
 * in the order a hash aggregate leaves its groups touches a page at random
 * for every entry. Replaying a million lines' match: items written 5.35 s
 * against 3.6-3.9, disbursement lines 2.0 against 1.05-1.15, billing_feed_item
 * 1.05 against 0.5, for 0.1-0.4 s of sorting each.
 */

/**
 * Each stored row's totals (libs/domain's billingRowBuckets) and the sign
 * it counts with (itemAmountMinor: a disbursed row negates what it pays), for
 * every action, transaction type and balance_impacting flag, as a relation
 * of literals: the rule stays the domain's, and a row costs one hash probe.
 */
function bucketsRelation(): string {
  const rows: string[] = [];
  for (const action of BILLING_ACTIONS)
    for (const type of BILLING_TRANSACTION_TYPES)
      for (const flag of [true, false])
        rows.push(
          `(${sqlText(action)}, ${sqlText(type)}, ${flag}, ${billingRowBuckets(action, type, flag)}, ${itemAmountMinor(action, type, 1n).toString()})`,
        );
  return `(VALUES ${rows.join(', ')}) AS k(action, transaction_type, balance_impacting, buckets, sign)`;
}

/**
 * The items the import touched: where its rows of each are in the file, and
 * how many it had (what billing_feed_item keeps, so that a later match can
 * find an item's rows in every import). The lines are aggregated in the
 * order the rows were stored (file order). The items are sorted by their
 * key (byte order, which is the database's C.UTF-8 order): billing_feed_item's
 * primary key is then written in order, not at random (see ORDERED_FOR_KEYS).
 */
export const CREATE_TOUCHED = `
  CREATE TEMP TABLE recon_touched ON COMMIT DROP AS
  SELECT r.transaction_reference_id AS ref, array_agg(r.line) AS lines, count(*)::int AS rows
    FROM billing_feed_row r
   WHERE r.import_seq = $2 AND r.cloud = $1::"Cloud" AND r.transaction_reference_id <> ''
   GROUP BY 1
   ORDER BY r.transaction_reference_id COLLATE "C"`;
/** Statistics of what the later statements join and filter on only: of the file lines' arrays too, they took twice as long. */
export const ANALYZE_TOUCHED = `ANALYZE recon_touched (ref)`;
export const INSERT_ITEM_FILE_LINES = `
  INSERT INTO billing_feed_item (cloud, transaction_reference_id, import_seq, lines, row_count)
  SELECT $1::"Cloud", t.ref, $2, t.lines, t.rows FROM recon_touched t`;

/**
 * Touched items whose totals are recomputed from all their stored rows: the
 * ones other matched imports of the cloud have rows of too (an import stored but not matched yet is not
 * counted: its own match comes later and recomputes the items it shares).
 */
export const SHARED_ITEMS = `
  CREATE TEMP TABLE recon_shared ON COMMIT DROP AS
  SELECT t.ref FROM recon_touched t
   WHERE EXISTS (SELECT 1 FROM billing_feed_item i WHERE i.cloud = $1::"Cloud" AND i.transaction_reference_id = t.ref AND i.import_seq <> $2)`;
export const ANALYZE_SHARED = `ANALYZE recon_shared`;

/**
 * Every row billing_feed_item lists for the shared items, found by import
 * and line. OFFSET 0 keeps the look-up of each row a look-up: flattened into
 * a join, the planner would rather scan every stored row than probe the
 * primary key a few thousand times. The cloud is one of the enum's names,
 * from the product, never from input (COPY binds no parameters).
 */
const sharedItemRows = (cloud: Cloud) => `recon_shared s
          JOIN billing_feed_item i ON i.cloud = '${cloud}'::"Cloud" AND i.transaction_reference_id = s.ref
         CROSS JOIN LATERAL unnest(i.lines) AS l(line)
         CROSS JOIN LATERAL (SELECT * FROM billing_feed_row r
                              WHERE r.import_seq = i.import_seq AND r.line = l.line AND r.transaction_reference_id = s.ref AND r.cloud = '${cloud}'::"Cloud"
                             OFFSET 0) r`;

/**
 * Keeps billing_feed_item listing only lines that can still be current: a
 * row superseded by a later stored row (later import, then later line, as
 * the ledger supersedes) can never be current again, since rows are never
 * removed. Run before the shared items are read back, it leaves them only
 * their current rows to read, so an item sent again in every import (a
 * report re-exported whole each day) costs a match what it has now, not all
 * it has had. A line stays while any of its rows is current (an Azure line
 * gives an item several rows). Exact: billing event ids are compared here,
 * not hashed. row_count, which the superseded counts come from, is left as is.
 */
export const pruneSupersededLines = (cloud: Cloud) => `
  WITH versions AS (
    SELECT i.transaction_reference_id AS ref, i.import_seq, r.line, r.billing_event_id
      FROM ${sharedItemRows(cloud)}
  ), current_versions AS (
    SELECT DISTINCT ON (ref, billing_event_id) ref, import_seq, line FROM versions
     ORDER BY ref, billing_event_id, import_seq DESC, line DESC
  ), kept AS (
    SELECT ref, import_seq, array_agg(DISTINCT line ORDER BY line) AS lines FROM current_versions GROUP BY ref, import_seq
  ), pruned AS (
    SELECT i.transaction_reference_id AS ref, i.import_seq, coalesce(k.lines, '{}') AS lines
      FROM recon_shared s
      JOIN billing_feed_item i ON i.cloud = '${cloud}'::"Cloud" AND i.transaction_reference_id = s.ref
      LEFT JOIN kept k ON k.ref = i.transaction_reference_id AND k.import_seq = i.import_seq
     WHERE i.lines <> coalesce(k.lines, '{}')
  )
  UPDATE billing_feed_item i SET lines = p.lines
    FROM pruned p
   WHERE i.cloud = '${cloud}'::"Cloud" AND i.transaction_reference_id = p.ref AND i.import_seq = p.import_seq`;

const ROW_COLUMNS = `r.transaction_reference_id, r.billing_event_id, r.import_seq, r.line, r.action, r.transaction_type, r.balance_impacting, r.amount_minor,
         r.currency, r.invoice_date, r.end_user_account_id, r.product_id, r.disbursement_billing_event_id, r.bank_trace_id, r.agreement_id`;

/**
 * The rows items are totalled from: the import's own rows of the items no
 * other import has, and every row billing_feed_item lists for the shared
 * ones (this import's among them). When no other import has any of the
 * items (`shared` false: the month's first file, and every appended day's
 * new events), that is the import's rows alone: no anti-join against the
 * empty shared set (the planner, without statistics, probes it once per
 * row) and no union.
 */
const itemRows = (cloud: Cloud, shared: boolean) => {
  const own = `SELECT ${ROW_COLUMNS}
    FROM billing_feed_row r
   WHERE r.import_seq = $2 AND r.cloud = $1::"Cloud" AND r.transaction_reference_id <> ''`;
  if (!shared) return own;
  return `${own}
     AND NOT EXISTS (SELECT 1 FROM recon_shared s WHERE s.ref = r.transaction_reference_id)
   UNION ALL
  SELECT ${ROW_COLUMNS}
    FROM ${sharedItemRows(cloud)}`;
};

/** Where a row is in the order that supersedes: import, then line. */
const ROW_POSITION = `(r.import_seq * 2147483648 + r.line)`;

/**
 * A row's billing event id as a 64-bit hash: grouping a million of these costs
 * a fraction of grouping their text. The id alone, not joined to the item's:
 * every repeated event of an item repeats its id, so no repeat is missed, and
 * not building a string per row took a fifth off the pass.
 */
const EVENT_HASH = `hashtextextended(r.billing_event_id, 0)`;

/**
 * The billing events an item has more than one stored row of, and the
 * position of the latest: the one that is current (a file that parted from
 * the earlier ones is stored again from a checkpoint, and an event it holds
 * again counts once). Events are immutable, so this is mostly empty: the
 * rows are grouped by a hash of the event id first, and only when two
 * rows share a hash are the item and event ids themselves compared (exact either way; the
 * second scan is skipped when no hash repeats). Every other row is current
 * as it stands.
 */
export const supersededEvents = (cloud: Cloud, shared: boolean) => `
  CREATE TEMP TABLE recon_versions ON COMMIT DROP AS
  WITH repeated AS MATERIALIZED (SELECT ${EVENT_HASH} AS h FROM (${itemRows(cloud, shared)}) r GROUP BY 1 HAVING count(*) > 1)
  SELECT r.transaction_reference_id AS ref, r.billing_event_id, max(${ROW_POSITION}) AS latest
    FROM (${itemRows(cloud, shared)}) r
   WHERE EXISTS (SELECT 1 FROM repeated) AND ${EVENT_HASH} IN (SELECT h FROM repeated)
   GROUP BY 1, 2 HAVING count(*) > 1`;

/**
 * Whether a row is its event's current version, when recon_versions lists
 * any event with more than one row. When it lists none (every first import,
 * and every appended day: events are immutable), every row is current and
 * the join is left out: the planner, blind to the empty table's size, would
 * hash the million rows to probe it (half of the pass's time, measured).
 */
const CURRENT_AMONG_VERSIONS = `LEFT JOIN recon_versions v ON v.ref = r.transaction_reference_id AND v.billing_event_id = r.billing_event_id
   CROSS JOIN LATERAL (SELECT v.latest IS NULL OR v.latest = ${ROW_POSITION} AS is_current) c`;

const bit = (name: keyof typeof ROW_BUCKET) => `(k.buckets & ${ROW_BUCKET[name]}) <> 0`;
/**
 * A total of the rows in one bucket, as bigint (sum_minor, a migration's
 * aggregate: a plain bigint state that refuses to overflow, where
 * sum(bigint) allocates a 128-bit state per group and total; on a million
 * lines the pass took 2.3-2.6 s against 2.9-3.3 s, and 307 MB of hash
 * against 397). The items' totals are summed again from these the same way.
 */
const sumOf = (name: keyof typeof ROW_BUCKET) =>
  `coalesce(sum_minor(r.amount_minor * k.sign) FILTER (WHERE is_current AND ${bit(name)}), 0)`;

/**
 * Every item's totals, per disbursement it had rows paid by (and one part,
 * disbursement null, for the rest): one pass over the rows, grouped by item
 * and disbursement, that gives both the items' totals and their
 * disbursement lines (the ledger's sums, buckets from libs/domain). Buyer,
 * product, currencies and the agreement named count every row; sums and
 * dates only the current ones.
 */
export const itemParts = (cloud: Cloud, shared: boolean, anyRepeated: boolean) => `
  CREATE TEMP TABLE recon_parts ON COMMIT DROP AS
  SELECT r.transaction_reference_id AS ref, CASE WHEN ${bit('LINE')} THEN r.disbursement_billing_event_id END AS disbursement_id,
         ${sumOf('INVOICED')} AS invoiced, ${sumOf('FEE')} AS fee, ${sumOf('REFUND')} AS refunds, ${sumOf('TAX')} AS tax,
         ${sumOf('INFORMATIONAL')} AS informational, ${sumOf('BALANCE')} AS balance, ${sumOf('DISBURSED')} AS disbursed,
         ${sumOf('DISBURSED_GROSS')} AS disbursed_gross,
         ${sumOf('LINE_NET')} AS line_net, ${sumOf('LINE_GROSS')} AS line_gross, ${sumOf('LINE_FEE')} AS line_fee, ${sumOf('LINE_TAX')} AS line_tax,
         count(*) FILTER (WHERE is_current AND ${bit('LINE')}) AS line_rows,
         min(r.currency COLLATE "C") AS currency, max(r.currency COLLATE "C") AS other_currency,
         min(r.currency COLLATE "C") FILTER (WHERE is_current) AS line_currency,
         max(r.end_user_account_id COLLATE "C") AS end_user, max(r.product_id COLLATE "C") AS product, max(r.agreement_id) AS agreement_ref,
         min(r.invoice_date) FILTER (WHERE is_current AND ${bit('INVOICE_DATE')}) AS first_invoice_date,
         max(r.invoice_date) FILTER (WHERE is_current) AS disbursed_on, max(r.bank_trace_id COLLATE "C") FILTER (WHERE is_current) AS bank_trace_id,
         count(*) FILTER (WHERE is_current)::int AS current_rows, count(*)::int AS all_rows
    FROM (${itemRows(cloud, shared)}) r
   ${anyRepeated ? CURRENT_AMONG_VERSIONS : 'CROSS JOIN LATERAL (SELECT true AS is_current) c'}
    LEFT JOIN ${bucketsRelation()} ON k.action = r.action AND k.transaction_type = r.transaction_type AND k.balance_impacting = r.balance_impacting
   GROUP BY 1, 2`;

/** Of the columns totalling and matching group, join and filter on: statistics of all twenty-odd cost five times as much. */
export const ANALYZE_PARTS = `ANALYZE recon_parts (ref, disbursement_id, line_rows)`;

/**
 * Each touched item's totals and the agreement it matched: by the id its
 * rows name (agreement_id: the column AWS's example queries join the
 * agreement feed on), else by the one agreement of its buyer and product.
 * What a failed disbursement paid does not count as disbursed
 * (billing-event.rules). Columns: VERDICT_SOURCE_COLUMNS, then the rest of
 * what reconciliation_item stores.
 *
 * Shaped for a million lines' 200,000 items: the failed disbursements (a
 * handful, mostly none) are a hashed list each part is checked against, not
 * a join that hashed every part to probe an empty table; the agreement an
 * item names by id comes with its totals, from one hash of the cloud's
 * agreements, and only the few items that name none look for their buyer's
 * and product's (the agreement table was hashed four times); an item's rows
 * are counted with its parts, not joined back from recon_touched. Sorted by
 * item (ORDERED_FOR_KEYS): judging them keeps the order (a scan with lateral
 * steps and small hashed joins), so reconciliation_item is written in the
 * order of its primary key.
 */
export const ITEMS = `
  CREATE TEMP TABLE recon_items ON COMMIT DROP AS
  WITH totals AS MATERIALIZED (
    SELECT t.*, a.id AS by_id, a.marketplace_agreement_id, a.value_minor, a.currency AS by_id_currency, a.intent, a.resale_authorization_id, a.offer_id
      FROM (
        SELECT p.ref, min(p.currency) AS currency, max(p.other_currency) AS other_currency, max(p.end_user) AS end_user, max(p.product) AS product,
               sum_minor(p.invoiced) AS invoiced, sum_minor(p.fee) AS fee, sum_minor(p.refunds) AS refunds, sum_minor(p.tax) AS tax,
               sum_minor(p.informational) AS informational, sum_minor(p.balance) AS balance,
               sum_minor(p.disbursed) - coalesce(sum_minor(p.line_net) FILTER (WHERE p.failed), 0) AS disbursed,
               sum_minor(p.disbursed_gross) - coalesce(sum_minor(p.line_gross) FILTER (WHERE p.failed), 0) AS disbursed_gross,
               min(p.first_invoice_date) AS first_invoice_date, max(p.agreement_ref) AS agreement_ref, sum(p.current_rows)::int AS current_rows,
               sum(p.all_rows)::int AS all_rows
          FROM (SELECT p.*, p.line_rows > 0 AND p.disbursement_id IN (SELECT f.disbursement_id FROM recon_failed f) AS failed FROM recon_parts p) p
         GROUP BY p.ref) t
      LEFT JOIN agreement a ON a.cloud = $1::"Cloud" AND a.marketplace_agreement_id = t.agreement_ref
  ), by_buyer AS (
    SELECT b.acceptor_account_id, b.product_id, min(b.id::text)::uuid AS id
      FROM agreement b
      JOIN (SELECT DISTINCT t.end_user, t.product FROM totals t WHERE t.by_id IS NULL) u
        ON b.acceptor_account_id = u.end_user AND b.product_id = u.product
     WHERE b.cloud = $1::"Cloud"
     GROUP BY b.acceptor_account_id, b.product_id HAVING count(*) = 1
  )
  SELECT t.ref, t.currency, t.other_currency, t.end_user, t.product, t.invoiced, t.fee, t.refunds, t.disbursed,
         coalesce(t.by_id, ab.id) AS agreement_id, coalesce(t.marketplace_agreement_id, ab.marketplace_agreement_id) AS marketplace_agreement_id,
         CASE WHEN t.by_id IS NOT NULL THEN 'agreement_id' WHEN ab.id IS NOT NULL THEN 'buyer and product' END AS matched_by,
         coalesce(t.value_minor, ab.value_minor) AS value_minor, coalesce(t.by_id_currency, ab.currency)::text AS agreement_currency,
         coalesce(t.intent, ab.intent)::text AS intent, coalesce(t.resale_authorization_id, ab.resale_authorization_id) AS resale_authorization_id,
         o.kind::text AS offer_kind, ot.markup_percent::text AS markup_percent,
         t.tax, t.informational, t.balance, t.disbursed_gross, t.first_invoice_date,
         coalesce(sh.rows, t.all_rows) AS row_count, coalesce(sh.rows, t.all_rows) - t.current_rows AS superseded_rows,
         ot.payment_schedule IS NOT NULL AND jsonb_typeof(ot.payment_schedule::jsonb) <> 'null' AS scheduled, ot.payment_schedule::text AS payment_schedule
    FROM totals t
    LEFT JOIN (SELECT i.transaction_reference_id AS ref, sum(i.row_count)::int AS rows FROM recon_shared s
                 JOIN billing_feed_item i ON i.cloud = $1::"Cloud" AND i.transaction_reference_id = s.ref GROUP BY 1) sh ON sh.ref = t.ref
    LEFT JOIN by_buyer u ON t.by_id IS NULL AND u.acceptor_account_id = t.end_user AND u.product_id = t.product
    LEFT JOIN agreement ab ON ab.id = u.id
    LEFT JOIN offer o ON o.id = coalesce(t.offer_id, ab.offer_id)
    LEFT JOIN offer_terms ot ON ot.offer_id = coalesce(t.offer_id, ab.offer_id)
   ORDER BY t.ref COLLATE "C"`;

/** The agreements with a payment schedule among the items to judge, for the domain to read (AgreementSchedules). */
export const scheduledAgreements = (items: string) => `
  SELECT DISTINCT agreement_id::text AS id, marketplace_agreement_id AS "marketplaceAgreementId", agreement_currency AS currency,
         value_minor::text AS "valueMinor", payment_schedule AS "paymentSchedule"
    FROM ${items} WHERE scheduled`;

/** The verdict source columns of recon_items. */
export const ITEMS_SOURCE = `SELECT ${VERDICT_SOURCE_COLUMNS.join(', ')}, tax, informational, balance, disbursed_gross, first_invoice_date, row_count, superseded_rows FROM recon_items`;

/**
 * The judged items (verdictQuery over ITEMS_SOURCE) into reconciliation_item.
 * $2: the import's id, $3: the match's timestamp, the same on every item.
 */
export const insertItems = (verdicts: string) => `
  INSERT INTO reconciliation_item (cloud, transaction_reference_id, currency, agreement_id, marketplace_agreement_id, matched_by, end_user_account_id,
         product_id, first_invoice_date, expected_gross_minor, fee_bps, fee_reason, expected_net_minor, invoiced_gross_minor, fee_minor, refunds_minor,
         tax_minor, uncollected_minor, collected_net_minor, disbursed_minor, disbursed_gross_minor, variance_minor, status, explanation, row_count,
         superseded_rows, last_import_id, reconciled_at, next_charge_date)
  SELECT $1::"Cloud", v.ref, v.currency, v.agreement_id, v.marketplace_agreement_id, v.matched_by, v.end_user, v.product, v.first_invoice_date,
         v.expected_gross, v.fee_bps, v.fee_reason, v.expected_net, v.invoiced, v.fee, v.refunds, v.tax, v.informational, v.balance, v.disbursed,
         v.disbursed_gross, v.variance, v.status, v.explanation, v.row_count, v.superseded_rows, $2::uuid, $3::timestamptz, v.next_charge_date
    FROM (${verdicts}) v`;

/**
 * The touched items' disbursement lines, from their parts, sorted by item, then
 * disbursement (ORDERED_FOR_KEYS): the index by item is written in order, and
 * the primary key (disbursement, item) grows at the end of each of the few
 * disbursements' ranges. Sorted by disbursement first, the index by item took
 * an entry at random per line: 1.33 and 1.49 s against 1.14 and 1.05 s.
 */
export const INSERT_LINES = `
  INSERT INTO reconciliation_disbursement_line (cloud, disbursement_id, transaction_reference_id, currency, net_minor, gross_minor, fee_minor, tax_minor,
         disbursed_on, bank_trace_id)
  SELECT $1::"Cloud", p.disbursement_id, p.ref, p.line_currency, p.line_net, p.line_gross, p.line_fee, p.line_tax, p.disbursed_on, p.bank_trace_id
    FROM recon_parts p WHERE p.disbursement_id IS NOT NULL AND p.line_rows > 0
   ORDER BY p.ref COLLATE "C", p.disbursement_id COLLATE "C"`;

/** How many items were matched, and how many of their rows a later version superseded. */
export const MATCH_COUNTS = `SELECT count(*)::int AS items, coalesce(sum(superseded_rows), 0)::int AS superseded FROM recon_items`;

/**
 * The cloud's failed disbursements: a DISBURSEMENT_FAILURE names the failed
 * DISBURSEMENT in its parent_billing_event_id (the documentation's "Amount
 * pending disbursement" query). Found through the partial index of the rows
 * with no transaction reference, as the lump sums are. \`first_here\`: the
 * failure was first stored by this import ($2), so the items it affects that
 * the import does not touch are corrected now, and only now.
 */
export const FAILED_DISBURSEMENTS = `
  CREATE TEMP TABLE recon_failed ON COMMIT DROP AS
  SELECT r.parent_billing_event_id AS disbursement_id, min(r.billing_event_id) AS failed_by, min(r.import_seq) = $2 AS first_here
    FROM billing_feed_row r
   WHERE r.cloud = $1::"Cloud" AND r.transaction_reference_id = '' AND r.transaction_type = 'DISBURSEMENT_FAILURE'
     AND r.parent_billing_event_id IS NOT NULL
   GROUP BY 1`;
/**
 * Items the import does not touch that a disbursement failed only now has
 * paid: what their lines of it paid comes off what they count as disbursed,
 * and they are judged again from their stored totals (storedItemsSource).
 */
export const UNDISBURSE_UNTOUCHED = `
  UPDATE reconciliation_item i
     SET disbursed_minor = i.disbursed_minor - l.net, disbursed_gross_minor = i.disbursed_gross_minor - l.gross
    FROM (SELECT l.transaction_reference_id AS ref, sum(l.net_minor) AS net, sum(l.gross_minor) AS gross
            FROM reconciliation_disbursement_line l
            JOIN recon_failed f ON f.disbursement_id = l.disbursement_id AND f.first_here
           WHERE l.cloud = $1::"Cloud" AND NOT EXISTS (SELECT 1 FROM recon_touched t WHERE t.ref = l.transaction_reference_id)
           GROUP BY 1) l
   WHERE i.cloud = $1::"Cloud" AND i.transaction_reference_id = l.ref
  RETURNING i.transaction_reference_id`;
/** The touched items' disbursement lines go; the recomputed ones are inserted. */
export const DELETE_TOUCHED_LINES = `DELETE FROM reconciliation_disbursement_line l USING recon_touched t WHERE l.cloud = $1::"Cloud" AND l.transaction_reference_id = t.ref`;

/**
 * The lump sums the import touched: those of the touched items' lines before
 * (TOUCHED_DISBURSEMENTS, before DELETE_TOUCHED_LINES) and after, the
 * import's own DISBURSEMENT rows, and the disbursements that failed only
 * now (MORE_TOUCHED_DISBURSEMENTS).
 */
export const TOUCHED_DISBURSEMENTS = [
  `CREATE TEMP TABLE recon_touched_disbursements (id text PRIMARY KEY) ON COMMIT DROP`,
  `INSERT INTO recon_touched_disbursements
   SELECT DISTINCT l.disbursement_id FROM reconciliation_disbursement_line l JOIN recon_touched t ON l.cloud = $1::"Cloud" AND l.transaction_reference_id = t.ref`,
];
export const MORE_TOUCHED_DISBURSEMENTS = `
  INSERT INTO recon_touched_disbursements
  SELECT p.disbursement_id FROM recon_parts p WHERE p.disbursement_id IS NOT NULL AND p.line_rows > 0
   UNION SELECT r.billing_event_id FROM billing_feed_row r WHERE r.import_seq = $2 AND r.cloud = $1::"Cloud" AND r.transaction_reference_id = '' AND r.transaction_type = 'DISBURSEMENT'
   UNION SELECT f.disbursement_id FROM recon_failed f WHERE f.first_here
  ON CONFLICT DO NOTHING`;

/**
 * The lump sums the import touched (those of the touched items' lines, before
 * and after, and the import's own DISBURSEMENT rows, all as matching found
 * them), recomputed from their lines, beside the amount the feed's own
 * DISBURSEMENT row states (positive, as the documentation's example pays
 * 72.65), found through the
 * partial index of rows with no transaction reference
 * (billing_feed_row_lump_sum_idx).
 */
export const REPLACE_DISBURSEMENTS = [
  `DELETE FROM reconciliation_disbursement d USING recon_touched_disbursements t WHERE d.cloud = $1::"Cloud" AND d.disbursement_id = t.id`,
  `INSERT INTO reconciliation_disbursement (cloud, disbursement_id, currency, stated_minor, items_minor, item_count, disbursed_on, bank_trace_id, failed_by)
   SELECT $1::"Cloud", t.id, coalesce(s.currency, l.currency), s.amount_minor, coalesce(l.net, 0), coalesce(l.items, 0), coalesce(s.invoice_date, l.disbursed_on), coalesce(s.bank_trace_id, l.bank_trace_id),
          f.failed_by
     FROM recon_touched_disbursements t
     LEFT JOIN recon_failed f ON f.disbursement_id = t.id
     LEFT JOIN LATERAL (SELECT r.amount_minor, r.currency, r.invoice_date, r.bank_trace_id FROM billing_feed_row r
                         WHERE r.cloud = $1::"Cloud" AND r.transaction_reference_id = '' AND r.billing_event_id = t.id
                         ORDER BY r.import_seq DESC, r.line DESC LIMIT 1) s ON true
     LEFT JOIN LATERAL (SELECT min(currency) AS currency, sum(net_minor + tax_minor) AS net, count(*)::int AS items, max(disbursed_on) AS disbursed_on, max(bank_trace_id) AS bank_trace_id
                          FROM reconciliation_disbursement_line WHERE cloud = $1::"Cloud" AND disbursement_id = t.id) l ON true
    WHERE s.amount_minor IS NOT NULL OR l.items > 0`,
];

/** The items are rewritten whole: the touched ones go, then they are inserted again with their new verdicts. */
export const DELETE_TOUCHED_ITEMS = `DELETE FROM reconciliation_item i USING recon_touched t WHERE i.cloud = $1::"Cloud" AND i.transaction_reference_id = t.ref`;
