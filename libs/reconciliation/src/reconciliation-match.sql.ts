import type { Cloud } from '@bridge/database';

/**
 * The SQL of matching, in one place. The item totals themselves come from
 * the ItemLedger; SQL finds the items other imports share, the agreements,
 * and the lump sums. $1 is the cloud, $2 the import seq.
 */

/**
 * The items the import touched, as the ledger found them: their position in
 * the ledger, the buyer and product that matching by buyer reads, and
 * whether the ledger could not verify their supersession itself.
 */
export const CREATE_TOUCHED = `CREATE TEMP TABLE recon_touched (item int NOT NULL, ref text NOT NULL, end_user text, product text, recompute boolean NOT NULL, agreement_ref text) ON COMMIT DROP`;

/**
 * Each touched item's agreement, as the feed names it (agreement_id: the
 * column AWS's example queries join the agreement feed on). Every touched
 * item has rows in the import, and an item's rows all name the same
 * agreement, so the import's own rows are enough.
 */
export const SET_TOUCHED_AGREEMENTS = `
  UPDATE recon_touched t SET agreement_ref = r.agreement_id
    FROM (SELECT transaction_reference_id AS ref, max(agreement_id) AS agreement_id FROM billing_feed_row
           WHERE import_seq = $2 AND cloud = $1::"Cloud" AND agreement_id IS NOT NULL AND transaction_reference_id <> ''
           GROUP BY 1) r
   WHERE t.ref = r.ref`;
export const COPY_TOUCHED = `COPY recon_touched (item, ref, end_user, product, recompute) FROM STDIN`;
export const ANALYZE_TOUCHED = `ANALYZE recon_touched`;

/**
 * Where the import's rows of each item are (ItemFileLines), and how many it
 * had: what lets a later match read an item's rows back from every import
 * (sharedRowsQuery). Written once, when the import is matched.
 */
export const COPY_ITEM_FILE_LINES = `COPY billing_feed_item (cloud, transaction_reference_id, import_seq, lines, row_count) FROM STDIN`;

/**
 * Touched items whose totals are recomputed from all their stored rows: the
 * ones the ledger could not verify, and the ones other matched imports of
 * the cloud have rows of too (an import stored but not matched yet is not
 * counted: its own match comes later and recomputes the items it shares).
 */
export const SHARED_ITEMS = `
  CREATE TEMP TABLE recon_shared ON COMMIT DROP AS
  SELECT t.ref FROM recon_touched t WHERE t.recompute
   UNION
  SELECT t.ref FROM recon_touched t
   WHERE EXISTS (SELECT 1 FROM billing_feed_item i WHERE i.cloud = $1::"Cloud" AND i.transaction_reference_id = t.ref AND i.import_seq <> $2)`;
export const ANALYZE_SHARED = `ANALYZE recon_shared`;

/** The columns of a stored row that the ledger reads, in the order ledgerOfStoredRows reads them. */
const LEDGER_COLUMNS = `r.transaction_reference_id, r.billing_event_id, r.action, r.transaction_type, r.amount_minor, r.currency, r.balance_impacting,
       r.invoice_date, r.end_user_account_id, r.product_id, r.disbursement_billing_event_id, r.bank_trace_id, r.line`;

/**
 * Stored rows item by item, each item's in the order that supersedes
 * (import, then line), as COPY output: the ledger then sees every version of
 * a billing event in one batch. COPY binds no parameters: the cloud is one of
 * the enum's names and the seq a bigint, both from the product, never from
 * input.
 */
const BY_ITEM = `ORDER BY r.transaction_reference_id COLLATE "C", r.import_seq, r.line, r.billing_event_id`;
export const importRowsQuery = (importSeq: bigint) => `
  COPY (SELECT ${LEDGER_COLUMNS} FROM billing_feed_row r WHERE r.import_seq = ${BigInt(importSeq).toString()} ${BY_ITEM}) TO STDOUT`;

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

/** The shared items' rows (sharedItemRows), item by item in superseding order, as COPY output. */
export const sharedRowsQuery = (cloud: Cloud) => `
  COPY (SELECT ${LEDGER_COLUMNS} FROM ${sharedItemRows(cloud)}
         ${BY_ITEM}) TO STDOUT`;

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

/** Every row the shared items have had, superseded ones included: the read-back rows are only the ones that can be current. */
export const SHARED_ROW_COUNTS = `
  SELECT i.transaction_reference_id AS ref, sum(i.row_count)::int AS rows FROM recon_shared s
    JOIN billing_feed_item i ON i.cloud = $1::"Cloud" AND i.transaction_reference_id = s.ref GROUP BY 1`;

/** A shared item's buyer and product, once all its rows are known. */
export const UPDATE_SHARED_TOUCHED = `
  UPDATE recon_touched t SET end_user = s.end_user, product = s.product
    FROM unnest($1::text[], $2::text[], $3::text[]) AS s(ref, end_user, product) WHERE t.ref = s.ref`;

/** The columns agreementsQuery gives per item, after its ledger position. */
export const AGREEMENT_COLUMNS = [
  'id',
  'marketplace_agreement_id',
  'matched_by',
  'value_minor',
  'currency',
  'intent',
  'resale_authorization_id',
  'offer_kind',
  'payment_schedule',
  'markup_percent',
] as const;

/**
 * The agreement of each touched item that has one: by its id, else by the
 * one agreement of its buyer and product (looked for only for items no
 * agreement has the id of).
 */
export const agreementsQuery = (cloud: 'AWS' | 'AZURE' | 'GCP') => `
  COPY (
  WITH by_id AS (
    SELECT t.item, b.id FROM recon_touched t JOIN agreement b ON b.cloud = '${cloud}'::"Cloud" AND b.marketplace_agreement_id = t.agreement_ref
  ), by_buyer AS (
    SELECT b.acceptor_account_id, b.product_id, min(b.id::text)::uuid AS id
      FROM agreement b
      JOIN (SELECT DISTINCT t.end_user, t.product FROM recon_touched t WHERE NOT EXISTS (SELECT 1 FROM by_id WHERE by_id.item = t.item)) u
        ON b.acceptor_account_id = u.end_user AND b.product_id = u.product
     WHERE b.cloud = '${cloud}'::"Cloud"
     GROUP BY b.acceptor_account_id, b.product_id HAVING count(*) = 1
  )
  SELECT t.item, a.id, a.marketplace_agreement_id, CASE WHEN by_id.id IS NOT NULL THEN 'agreement_id' ELSE 'buyer and product' END,
         a.value_minor, a.currency, a.intent, a.resale_authorization_id, o.kind, ot.payment_schedule, ot.markup_percent
    FROM recon_touched t
    LEFT JOIN by_id ON by_id.item = t.item
    LEFT JOIN by_buyer u ON by_id.id IS NULL AND u.acceptor_account_id = t.end_user AND u.product_id = t.product
    JOIN agreement a ON a.id = coalesce(by_id.id, u.id)
    LEFT JOIN offer o ON o.id = a.offer_id
    LEFT JOIN offer_terms ot ON ot.offer_id = a.offer_id) TO STDOUT`;

/**
 * Stored items as they are judged again from what they store: their feed
 * totals, then their agreement's AGREEMENT_COLUMNS in order (as
 * agreementsQuery gives them; null when they matched none).
 */
const STORED_ITEM_COLUMNS = `
  SELECT i.transaction_reference_id, i.currency, i.end_user_account_id, i.product_id,
         i.invoiced_gross_minor::text, i.fee_minor::text, i.refunds_minor::text, i.disbursed_minor::text,
         a.id::text, a.marketplace_agreement_id, i.matched_by, a.value_minor::text, a.currency, a.intent, a.resale_authorization_id, o.kind::text, ot.payment_schedule::text,
         ot.markup_percent::text
    FROM reconciliation_item i
    LEFT JOIN agreement a ON a.id = i.agreement_id
    LEFT JOIN offer o ON o.id = a.offer_id
    LEFT JOIN offer_terms ot ON ot.offer_id = a.offer_id`;

/**
 * A cloud's items whose next instalment has fallen due by $2, to be judged
 * again. A page at a time: judging moves an item's next charge date past
 * $2, so it does not come back.
 */
export const DUE_INSTALMENTS_PAGE = 2000;
export const DUE_INSTALMENT_ITEMS = `${STORED_ITEM_COLUMNS}
   WHERE i.cloud = $1::"Cloud" AND i.next_charge_date IS NOT NULL AND i.next_charge_date <= $2::date
   ORDER BY i.transaction_reference_id
   LIMIT ${DUE_INSTALMENTS_PAGE}`;

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
export const FAILED_IDS = `SELECT disbursement_id, first_here FROM recon_failed`;

/**
 * Items the import does not touch that a disbursement failed only now has
 * paid: what their lines of it paid comes off what they count as disbursed,
 * and they are judged again from their stored totals (STORED_ITEM_COLUMNS).
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
export const STORED_ITEMS_BY_REF = `${STORED_ITEM_COLUMNS}
   WHERE i.cloud = $1::"Cloud" AND i.transaction_reference_id = ANY($2::text[])`;

/** The new verdicts of items judged again (DUE_INSTALMENT_ITEMS), column by column. */
export const UPDATE_JUDGED_AGAIN = `
  UPDATE reconciliation_item i
     SET status = u.status::"ReconciliationStatus", variance_minor = u.variance, explanation = u.explanation,
         expected_gross_minor = u.expected_gross, expected_net_minor = u.expected_net, fee_bps = u.fee_bps, fee_reason = u.fee_reason,
         next_charge_date = u.next_charge_date, reconciled_at = now()
    FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::bigint[], $7::bigint[], $8::int[], $9::text[], $10::date[])
         AS u(ref, status, variance, explanation, expected_gross, expected_net, fee_bps, fee_reason, next_charge_date)
   WHERE i.cloud = $1::"Cloud" AND i.transaction_reference_id = u.ref`;

/** The touched items' disbursement lines go; the ledger's are COPYed in. */
export const DELETE_TOUCHED_LINES = `DELETE FROM reconciliation_disbursement_line l USING recon_touched t WHERE l.cloud = $1::"Cloud" AND l.transaction_reference_id = t.ref
                                     RETURNING l.disbursement_id`;
export const LINE_COLUMNS = [
  'cloud',
  'disbursement_id',
  'transaction_reference_id',
  'currency',
  'net_minor',
  'gross_minor',
  'fee_minor',
  'tax_minor',
  'disbursed_on',
  'bank_trace_id',
] as const;

/**
 * The lump sums the import touched (those of the touched items' lines, before
 * and after, and the import's own DISBURSEMENT rows, all as matching found
 * them: $1), recomputed from their lines, beside the amount the feed's own
 * DISBURSEMENT row states (positive, as the documentation's example pays
 * 72.65), found through the
 * partial index of rows with no transaction reference
 * (billing_feed_row_lump_sum_idx).
 */
export const TOUCHED_DISBURSEMENTS = `CREATE TEMP TABLE recon_touched_disbursements ON COMMIT DROP AS SELECT DISTINCT id FROM unnest($1::text[]) AS d(id)`;
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

/** The items are rewritten whole: the touched ones go, then their recomputed lines are COPYed in. */
export const DELETE_TOUCHED_ITEMS = `DELETE FROM reconciliation_item i USING recon_touched t WHERE i.cloud = $1::"Cloud" AND i.transaction_reference_id = t.ref`;
