import { VERDICT_SOURCE_COLUMNS } from './item-verdict.sql';
import { STORED_BY_REF, storedItemsSource } from './stored-items.sql';

/**
 * The SQL of judging UNMATCHED items again once their agreement may be known.
 * Which agreement an item has is matching's own rule, run as matching runs
 * it: the items to look at are listed as the items an import touched
 * (recon_touched) that other imports have rows of (recon_shared), and
 * matching's statements (supersededEvents, itemParts, FAILED_DISBURSEMENTS,
 * ITEMS) total them from every stored row of theirs and find their
 * agreements into recon_items, with NO_IMPORT as the import: no import has
 * that seq, so every row is read through billing_feed_item and no failed
 * disbursement counts as first stored now. Nothing but the agreement is
 * taken from recon_items, and the rows' currencies (below).
 */

/** An import seq no import has (seqs start at 1). */
export const NO_IMPORT = '0';

/** Items looked at per transaction: a page holds the lock matching takes for as long as it runs. */
export const REJUDGE_PAGE = 2000;

/**
 * The items of a page, after the reference $2 (keyset: an item that stays
 * UNMATCHED must not come back in the next page), as matching lists the items
 * it recomputes. `where` picks them among the cloud's ($1) items `i`.
 */
export const candidateItems = (where: string) => `
  CREATE TEMP TABLE recon_touched ON COMMIT DROP AS
  SELECT i.transaction_reference_id AS ref, '{}'::int[] AS lines, i.row_count AS rows
    FROM reconciliation_item i
   WHERE i.cloud = $1::"Cloud" AND i.transaction_reference_id > $2 AND ${where}
   ORDER BY i.transaction_reference_id LIMIT ${REJUDGE_PAGE}`;
/** Every item of the page is read from all its stored rows, as matching reads the items other imports share. */
export const SHARE_CANDIDATES = [
  `CREATE TEMP TABLE recon_shared ON COMMIT DROP AS SELECT ref FROM recon_touched`,
  `ANALYZE recon_touched`,
  `ANALYZE recon_shared`,
];
export const LAST_CANDIDATE = `SELECT max(ref) AS last, count(*)::int AS n FROM recon_touched`;

/**
 * Items whose agreement an agreement written may change, as matching would
 * find it: the UNMATCHED ones with none, or with the one written (it may have
 * been corrected), and every item matched by buyer and product (a second
 * agreement of the pair leaves that match ambiguous; one its rows name by id
 * takes its place). An item matched by the id its rows name keeps it.
 */
const MAY_CHANGE = `(i.status = 'UNMATCHED' AND i.agreement_id IS NULL OR i.matched_by = 'buyer and product')`;

/**
 * For an agreement ($3): of those, only the ones it can concern, which the
 * rule then decides on: of its buyer and product, or whose rows name its id
 * (each row found by import and line through billing_feed_item, as matching
 * finds an item's rows). Without this, every agreement written would read
 * the rows of every item the sweep looks at.
 */
export const FOR_AGREEMENT = `(i.status = 'UNMATCHED' AND i.agreement_id = $3::uuid OR ${MAY_CHANGE} AND EXISTS (
  SELECT 1 FROM agreement x
   WHERE x.id = $3::uuid
     AND (i.end_user_account_id = x.acceptor_account_id AND i.product_id = x.product_id
          OR EXISTS (SELECT 1 FROM billing_feed_item f
                      CROSS JOIN LATERAL unnest(f.lines) AS l(line)
                       JOIN billing_feed_row r ON r.import_seq = f.import_seq AND r.line = l.line
                      WHERE f.cloud = i.cloud AND f.transaction_reference_id = i.transaction_reference_id
                        AND r.cloud = i.cloud AND r.transaction_reference_id = i.transaction_reference_id
                        AND r.agreement_id = x.marketplace_agreement_id))))`;

/**
 * For the sweep: those judged before the cloud's latest agreement write.
 * Only a write can change what they match, and an item the sweep has looked
 * at is reconciled as of then (LOOKED_AT), so each is looked at once per
 * agreements written between two sweeps, not every sweep.
 */
export const SINCE_LAST_AGREEMENT = `${MAY_CHANGE}
  AND i.reconciled_at < (SELECT max(a.updated_at) FROM agreement a WHERE a.cloud = $1::"Cloud")`;

/**
 * The agreement matching found for each item, written where it differs from
 * the one stored: what a fresh match would store. Gives back the items changed.
 */
export const SET_AGREEMENTS = `
  UPDATE reconciliation_item i
     SET agreement_id = r.agreement_id, marketplace_agreement_id = r.marketplace_agreement_id, matched_by = r.matched_by
    FROM recon_items r
   WHERE i.cloud = $1::"Cloud" AND i.transaction_reference_id = r.ref
     AND (i.agreement_id IS DISTINCT FROM r.agreement_id OR i.marketplace_agreement_id IS DISTINCT FROM r.marketplace_agreement_id
          OR i.matched_by IS DISTINCT FROM r.matched_by)
  RETURNING i.transaction_reference_id AS ref`;

/** The sweep's items looked at: reconciled as of now. */
export const LOOKED_AT = `UPDATE reconciliation_item i SET reconciled_at = now() FROM recon_touched t WHERE i.cloud = $1::"Cloud" AND i.transaction_reference_id = t.ref`;

/** The page's items that now have the agreement $2. */
export const NOW_OF_AGREEMENT = `
  SELECT t.ref FROM recon_touched t
    JOIN reconciliation_item i ON i.cloud = $1::"Cloud" AND i.transaction_reference_id = t.ref
   WHERE i.agreement_id = $2::uuid`;

/**
 * The items to judge ($2: their references), from their stored totals with
 * their agreement as it is now (storedItemsSource), but with the currencies
 * of their rows: an item stores one currency, and an item whose rows are in
 * two stays UNMATCHED for that, as a fresh match would judge it.
 */
export const JUDGED_SOURCE = `
  SELECT ${VERDICT_SOURCE_COLUMNS.map((c) => (c === 'other_currency' ? 'r.other_currency' : `s.${c}`)).join(', ')}, s.scheduled, s.payment_schedule
    FROM (${storedItemsSource(STORED_BY_REF)}) s
    JOIN recon_items r ON r.ref = s.ref`;
