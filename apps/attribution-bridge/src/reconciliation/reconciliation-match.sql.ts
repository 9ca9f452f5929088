/**
 * The set-based SQL of matching, in one place. "Current" rows are the latest
 * version of each billing event (latest import, then latest line), which is
 * how the historised feed is superseded. $1 is the cloud, $2 the import seq.
 */

/**
 * Statistics first: right after a large COPY the planner would otherwise
 * still see an empty table and pick nested loops over a million rows.
 */
export const ANALYZE_FEED = `ANALYZE billing_feed_row (transaction_reference_id, billing_event_id, import_seq, action, transaction_type)`;

/** Transaction references the import touched (a range of the primary key: the import's rows in file order). */
export const TOUCHED_REFERENCES = `
  CREATE TEMP TABLE recon_touched ON COMMIT DROP AS
  SELECT DISTINCT transaction_reference_id AS ref FROM billing_feed_row
   WHERE import_seq = $2 AND cloud = $1::"Cloud" AND transaction_reference_id <> ''`;

export const ANALYZE_TOUCHED = `ANALYZE recon_touched`;

/**
 * Every row of the touched items, this import's and other imports' of the
 * same cloud, with rn = 1 on the current version of each billing event
 * (latest import, then latest line). Sorted by reference in the "C"
 * collation, so grouping by it needs no second sort. Other imports' rows are
 * found through the (reference, import) index, which never visits this
 * import's own entries: for a feed of new items that costs one index probe
 * per item.
 */
const versionsOf = (cloud: string, importSeq: string, touched: string, columns: readonly string[], filter: string) => {
  const picked = columns.map((c) => `r.${c}`).join(', ');
  return `
    SELECT ref, ${columns.join(', ')}, row_number() OVER (PARTITION BY ref, billing_event_id ORDER BY import_seq DESC, line DESC) AS rn
      FROM (SELECT r.transaction_reference_id COLLATE "C" AS ref, r.billing_event_id COLLATE "C" AS billing_event_id, r.import_seq, r.line, ${picked}
              FROM billing_feed_row r
             WHERE r.import_seq = ${importSeq} AND r.transaction_reference_id <> '' ${filter}
            UNION ALL
            SELECT r.transaction_reference_id COLLATE "C", r.billing_event_id COLLATE "C", r.import_seq, r.line, ${picked}
              FROM ${touched} t
              JOIN billing_feed_row r ON r.transaction_reference_id = t.ref AND (r.import_seq < ${importSeq} OR r.import_seq > ${importSeq})
             WHERE r.cloud = '${cloud}'::"Cloud" ${filter}) rows`;
};
/** Only what each aggregation reads is carried through its sort. */
const ITEM_VERSION_COLUMNS = ['action', 'transaction_type', 'amount_minor', 'currency', 'balance_impacting', 'invoice_date', 'end_user_account_id', 'product_id'];
const DISBURSEMENT_VERSION_COLUMNS = ['transaction_type', 'amount_minor', 'currency', 'invoice_date', 'disbursement_billing_event_id', 'bank_trace_id'];

const NOT_TAX = `transaction_type NOT LIKE '%TAX%'`;
const ACCOUNT_LEVEL = `('DISBURSEMENT', 'DISBURSEMENT_FAILURE', 'BALANCE_ADJUSTMENT')`;
const REFUND_TYPES = `('SELLER_REV_SHARE_REFUND', 'AWS_REV_SHARE_REFUND', 'SELLER_REV_SHARE_CREDIT', 'AWS_REV_SHARE_CREDIT')`;
const SELLER_GROSS_TYPES = `('SELLER_REV_SHARE', 'SELLER_REV_SHARE_REFUND', 'SELLER_REV_SHARE_CREDIT')`;

/**
 * One line per touched item (COPY cannot bind parameters: the cloud is one of
 * the enum's names and the seq a bigint, both from the product, never from
 * input): feed amounts of its current rows, and the agreement it matches (by
 * id, else by the one agreement of its buyer and product). It runs on the
 * reading connection, which cannot see the writer's recon_touched temp
 * table: it finds the touched references itself.
 */
export const itemAggregatesQuery = (cloud: 'AWS' | 'AZURE' | 'GCP', importSeq: bigint) => {
  const seq = BigInt(importSeq).toString();
  return `
  WITH items AS (
    SELECT ref, min(currency) AS currency, max(currency) AS other_currency,
           max(end_user_account_id) AS end_user, max(product_id) AS product,
           min(invoice_date) FILTER (WHERE rn = 1 AND action = 'INVOICED') AS first_invoice_date,
           coalesce(sum(amount_minor) FILTER (WHERE rn = 1 AND action = 'INVOICED' AND transaction_type = 'SELLER_REV_SHARE'), 0) AS invoiced,
           coalesce(sum(amount_minor) FILTER (WHERE rn = 1 AND action = 'INVOICED' AND transaction_type = 'AWS_REV_SHARE'), 0) AS fee,
           coalesce(sum(amount_minor) FILTER (WHERE rn = 1 AND ((action IN ('INVOICED', 'FORGIVEN') AND transaction_type IN ${REFUND_TYPES})
                                                 OR (action = 'FORGIVEN' AND transaction_type IN ('SELLER_REV_SHARE', 'AWS_REV_SHARE')))), 0) AS refunds,
           coalesce(sum(amount_minor) FILTER (WHERE rn = 1 AND action IN ('INVOICED', 'FORGIVEN') AND NOT ${NOT_TAX}), 0) AS tax,
           coalesce(sum(amount_minor) FILTER (WHERE rn = 1 AND action IN ('INVOICED', 'FORGIVEN') AND ${NOT_TAX} AND NOT balance_impacting), 0) AS uncollected,
           coalesce(sum(amount_minor) FILTER (WHERE rn = 1 AND action IN ('INVOICED', 'FORGIVEN') AND ${NOT_TAX} AND balance_impacting), 0) AS collected,
           coalesce(sum(amount_minor) FILTER (WHERE rn = 1 AND action = 'DISBURSED' AND ${NOT_TAX} AND transaction_type NOT IN ${ACCOUNT_LEVEL}), 0) AS disbursed,
           coalesce(sum(amount_minor) FILTER (WHERE rn = 1 AND action = 'DISBURSED' AND transaction_type IN ${SELLER_GROSS_TYPES}), 0) AS disbursed_gross,
           count(*) AS row_count, count(*) FILTER (WHERE rn = 1) AS current_count
      FROM (${versionsOf(cloud, seq, `(SELECT DISTINCT transaction_reference_id AS ref FROM billing_feed_row WHERE import_seq = ${seq} AND transaction_reference_id <> '')`, ITEM_VERSION_COLUMNS, '')}) v
     GROUP BY ref
  ), by_id AS (
    SELECT i.ref, b.id FROM items i JOIN agreement b ON b.cloud = '${cloud}'::"Cloud" AND b.marketplace_agreement_id = i.ref
  ), by_buyer AS (
    -- Only for items no agreement has the id of, and only where the buyer has exactly one agreement for the product.
    SELECT b.acceptor_account_id, b.product_id, min(b.id::text)::uuid AS id
      FROM agreement b
      JOIN (SELECT DISTINCT i.end_user, i.product FROM items i WHERE NOT EXISTS (SELECT 1 FROM by_id WHERE by_id.ref = i.ref)) u
        ON b.acceptor_account_id = u.end_user AND b.product_id = u.product
     WHERE b.cloud = '${cloud}'::"Cloud"
     GROUP BY b.acceptor_account_id, b.product_id HAVING count(*) = 1
  )
  SELECT i.ref, i.currency, i.other_currency, i.end_user, i.product, i.first_invoice_date,
         i.invoiced, i.fee, i.refunds, i.tax, i.uncollected, i.collected, i.disbursed, i.disbursed_gross, i.row_count, i.current_count,
         a.id AS agreement_id, a.marketplace_agreement_id, CASE WHEN by_id.id IS NOT NULL THEN 'transaction_reference_id' WHEN a.id IS NOT NULL THEN 'buyer and product' END AS matched_by,
         a.value_minor, a.currency AS agreement_currency, a.intent, a.resale_authorization_id, o.kind AS offer_kind
    FROM items i
    LEFT JOIN by_id ON by_id.ref = i.ref
    LEFT JOIN by_buyer u ON by_id.id IS NULL AND u.acceptor_account_id = i.end_user AND u.product_id = i.product
    LEFT JOIN agreement a ON a.id = coalesce(by_id.id, u.id)
    LEFT JOIN offer o ON o.id = a.offer_id`;
};

/**
 * Per disbursement and item: what the lump sum paid towards each item (current
 * DISBURSED rows of touched items; a billing event keeps its action across
 * versions, so only DISBURSED rows need sorting).
 */
export const replaceDisbursementLines = (cloud: 'AWS' | 'AZURE' | 'GCP', importSeq: bigint) => [
  `DELETE FROM reconciliation_disbursement_line l USING recon_touched t WHERE l.cloud = $1::"Cloud" AND l.transaction_reference_id = t.ref`,
  `INSERT INTO reconciliation_disbursement_line (cloud, disbursement_id, transaction_reference_id, currency, net_minor, gross_minor, fee_minor, disbursed_on, bank_trace_id)
   SELECT $1::"Cloud", disbursement_billing_event_id, ref, min(currency),
          coalesce(sum(amount_minor) FILTER (WHERE ${NOT_TAX}), 0),
          coalesce(sum(amount_minor) FILTER (WHERE transaction_type IN ${SELLER_GROSS_TYPES}), 0),
          coalesce(sum(amount_minor) FILTER (WHERE transaction_type IN ('AWS_REV_SHARE', 'AWS_REV_SHARE_REFUND', 'AWS_REV_SHARE_CREDIT')), 0),
          max(invoice_date), max(bank_trace_id)
     FROM (${versionsOf(cloud, BigInt(importSeq).toString(), 'recon_touched', DISBURSEMENT_VERSION_COLUMNS, `AND r.action = 'DISBURSED' AND r.transaction_type NOT IN ${ACCOUNT_LEVEL}`)}) d
    WHERE rn = 1
    GROUP BY disbursement_billing_event_id, ref`,
];

/**
 * The lump sums the import touched, recomputed from their lines, beside the
 * amount the feed's own DISBURSEMENT row states (negative in the feed: money
 * leaving the marketplace balance for the bank; shown positive).
 */
export const REPLACE_DISBURSEMENTS = [
  `CREATE TEMP TABLE recon_touched_disbursements ON COMMIT DROP AS
   SELECT DISTINCT l.disbursement_id AS id FROM reconciliation_disbursement_line l JOIN recon_touched t ON l.transaction_reference_id = t.ref WHERE l.cloud = $1::"Cloud"
   UNION SELECT billing_event_id FROM billing_feed_row WHERE import_seq = $2 AND transaction_reference_id = '' AND transaction_type = 'DISBURSEMENT'`,
  `DELETE FROM reconciliation_disbursement d USING recon_touched_disbursements t WHERE d.cloud = $1::"Cloud" AND d.disbursement_id = t.id`,
  `INSERT INTO reconciliation_disbursement (cloud, disbursement_id, currency, stated_minor, items_minor, item_count, disbursed_on, bank_trace_id)
   SELECT $1::"Cloud", t.id, coalesce(s.currency, l.currency), -s.amount_minor, coalesce(l.net, 0), coalesce(l.items, 0), coalesce(s.invoice_date, l.disbursed_on), coalesce(s.bank_trace_id, l.bank_trace_id)
     FROM recon_touched_disbursements t
     LEFT JOIN LATERAL (SELECT r.amount_minor, r.currency, r.invoice_date, r.bank_trace_id FROM billing_feed_row r
                         WHERE r.cloud = $1::"Cloud" AND r.transaction_reference_id = '' AND r.billing_event_id = t.id
                         ORDER BY r.import_seq DESC, r.line DESC LIMIT 1) s ON true
     LEFT JOIN LATERAL (SELECT min(currency) AS currency, sum(net_minor) AS net, count(*)::int AS items, max(disbursed_on) AS disbursed_on, max(bank_trace_id) AS bank_trace_id
                          FROM reconciliation_disbursement_line WHERE cloud = $1::"Cloud" AND disbursement_id = t.id) l ON true
    WHERE s.amount_minor IS NOT NULL OR l.items > 0`,
];

/** The items are rewritten whole: the touched ones go, then their recomputed lines are COPYed in. */
export const DELETE_TOUCHED_ITEMS = `DELETE FROM reconciliation_item i USING recon_touched t WHERE i.cloud = $1::"Cloud" AND i.transaction_reference_id = t.ref`;
