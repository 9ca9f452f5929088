import { Prisma } from '@bridge/database';
import { keysetSql, listOrder, orderBySql, type KeyValue } from '@bridge/pagination';

/**
 * A row count written into the statement as a literal: the planner sees
 * the real limit in a prepared statement's generic plan too (a bound one it
 * guesses). Only ever a whole number the code chose.
 */
const rowCount = (n: number) => Prisma.raw(String(Math.max(0, Math.trunc(n))));

/** The overview's commitments card: by customer name, then start, then id (a page at a time, older pages by cursor). */
export const OVERVIEW_COMMITMENTS_ORDER = listOrder('overview-commitments', [
  { field: 'cu.name', direction: 'asc', type: 'string' },
  { field: 'm.starts_at', direction: 'asc', type: 'date' },
  { field: 'm.id', direction: 'asc', type: 'uuid' },
]);

export interface LeaderboardRow {
  partner_id: string;
  name: string;
  persona: string;
  currency: string;
  par_minor: bigint;
  pir_minor: bigint;
  entries: bigint;
}

/**
 * PAR (sourced) and PIR (influenced) per partner and currency, biggest
 * first; kickers are payout, not revenue, so left out. Read from the
 * revenue rollup (a row per partner and currency, kept in step with the
 * ledger by its triggers: see prisma/schema/credit-rollups.prisma), never
 * the ledger. For staff the top rows come from the rollup's index on
 * PAR + PIR (every row tied with the last one kept, so names still break
 * ties), with the few keys that have deltas not folded yet read live.
 * Columns: partner_id, name, persona, currency, par_minor, pir_minor, entries.
 */
export function leaderboardSql(scope: string | null, limit: number): Prisma.Sql {
  if (scope)
    return Prisma.sql`
      SELECT p.id AS partner_id, p.name, p.persona::text AS persona, r.currency, r.par_minor, r.pir_minor, r.lines AS entries
        FROM partner_revenue_live r JOIN partner p ON p.id = r.partner_id
       WHERE r.partner_id = ${scope}::uuid
       ORDER BY r.par_minor + r.pir_minor DESC, p.name, p.id, r.currency
       LIMIT ${rowCount(limit)}`;
  return Prisma.sql`
    WITH pending AS (SELECT DISTINCT partner_id, currency FROM partner_credit_rollup_delta WHERE NOT is_kicker),
         ranked AS (
           SELECT t.partner_id, t.currency, t.par_minor, t.pir_minor, t.lines FROM partner_revenue_total t
            WHERE NOT EXISTS (SELECT 1 FROM pending d WHERE d.partner_id = t.partner_id AND d.currency = t.currency)
              AND t.par_minor + t.pir_minor >= COALESCE((
                    SELECT s.par_minor + s.pir_minor FROM partner_revenue_total s
                     WHERE NOT EXISTS (SELECT 1 FROM pending d WHERE d.partner_id = s.partner_id AND d.currency = s.currency)
                     ORDER BY s.par_minor + s.pir_minor DESC OFFSET ${rowCount(limit - 1)} LIMIT 1), -9223372036854775808)
           UNION ALL
           SELECT r.partner_id, r.currency, r.par_minor, r.pir_minor, r.lines
             FROM partner_revenue_live r JOIN pending d ON d.partner_id = r.partner_id AND d.currency = r.currency)
    SELECT p.id AS partner_id, p.name, p.persona::text AS persona, r.currency, r.par_minor, r.pir_minor, r.lines AS entries
      FROM ranked r
      -- Each ranked row's partner by its key (LIMIT keeps the planner from hashing every partner instead).
      JOIN LATERAL (SELECT id, name, persona FROM partner WHERE id = r.partner_id LIMIT 1) p ON TRUE
     ORDER BY r.par_minor + r.pir_minor DESC, p.name, p.id, r.currency
     LIMIT ${rowCount(limit)}`;
}

/**
 * Private and channel offers per state as shown: a live offer past its
 * expiry counts as EXPIRED (shownOfferState), with no job having expired
 * it. Staff read the pipeline totals (kept in step with offer by their
 * triggers) and move the live offers past expiry (a partial index's few
 * rows) to EXPIRED, never reading every offer; a partner reads its own
 * offers by its index. Columns: state, kind, currency, offers, value.
 */
export function offerPipelineSql(scope: string | null, now: Date): Prisma.Sql {
  const at = now.toISOString();
  if (scope)
    return Prisma.sql`
      SELECT CASE WHEN state::text IN ('PUBLISHING', 'PUBLISHED') AND expires_at <= ${at}::timestamp THEN 'EXPIRED' ELSE state::text END AS state,
             kind::text AS kind, currency, count(*)::int AS offers, SUM(contract_value_minor)::bigint AS value
        FROM offer
       WHERE kind <> 'PUBLIC' AND partner_id = ${scope}::uuid
       GROUP BY 1, 2, 3`;
  return Prisma.sql`
    WITH lapsed AS (
      SELECT state::text AS state, kind::text AS kind, currency, count(*)::bigint AS offers, sum(contract_value_minor)::bigint AS value
        FROM offer
       WHERE state IN ('PUBLISHING', 'PUBLISHED') AND expires_at <= ${at}::timestamp AND kind <> 'PUBLIC'
       GROUP BY 1, 2, 3)
    SELECT state, kind, currency, sum(offers)::int AS offers, sum(value)::bigint AS value
      FROM (SELECT state::text AS state, kind::text AS kind, currency, offers, contract_value_minor AS value
              FROM offer_pipeline_total_live WHERE kind <> 'PUBLIC'
            UNION ALL SELECT state, kind, currency, -offers, -value FROM lapsed
            UNION ALL SELECT 'EXPIRED', kind, currency, offers, value FROM lapsed) u
     GROUP BY 1, 2, 3
    HAVING sum(offers) <> 0`;
}

/**
 * One page (and one row more) of commitments with their customer and what
 * is drawn so far, in customer-name order from the customer's (name, id)
 * index: a page costs its rows, not every commitment, and only its rows'
 * drawdowns are summed (the (commitment, drawn) index). Columns: id,
 * customer_name, kind, cloud, total_minor, currency, starts_at, ends_at,
 * drawn_minor.
 */
export function commitmentsPageSql(limit: number, after: KeyValue[] | null): Prisma.Sql {
  const keys = OVERVIEW_COMMITMENTS_ORDER.keys;
  // The first key alone as well, so the customer index's range starts at the cursor's name.
  const fromName = after ? Prisma.sql`cu.name >= ${after[0] as string}` : Prisma.sql`TRUE`;
  return Prisma.sql`
    SELECT p.*, COALESCE((SELECT sum(d.drawn_minor) FROM commitment_drawdown d WHERE d.commitment_id = p.id), 0)::bigint AS drawn_minor
      FROM (SELECT m.id, cu.name AS customer_name, m.kind::text AS kind, m.cloud::text AS cloud, m.total_minor, m.currency, m.starts_at, m.ends_at
              FROM customer cu JOIN commitment m ON m.customer_id = cu.id
             WHERE ${fromName} AND ${keysetSql(keys, after)}
             ${orderBySql(keys)} LIMIT ${rowCount(limit + 1)}) p`;
}

/**
 * Reconciliation items that did not match, newest first (a partial index
 * on the unmatched items; the status as a literal, so the index's predicate
 * is proved from it, never from a bound and cast parameter).
 */
export function unmatchedItemsSql(limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT transaction_reference_id, status::text AS status, currency, expected_net_minor, disbursed_minor, variance_minor, explanation, reconciled_at
      FROM reconciliation_item WHERE status <> 'MATCHED'
     ORDER BY reconciled_at DESC, transaction_reference_id LIMIT ${rowCount(limit)}`;
}

/**
 * The totals per status and currency from the item totals kept in step with
 * the items by their triggers (see prisma/schema/reconciliation-rollups.prisma),
 * never a scan of every item.
 */
export const ITEM_TOTALS_SQL = Prisma.sql`
  SELECT status::text AS status, currency, items, variance_minor, expected_net_minor, disbursed_minor FROM reconciliation_item_total_live`;

/** Marketplace messages kept but not understood: the newest few (the parked_at index). */
export function parkedMessagesSql(limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT id, source, detail_type, received_at, park_reason FROM marketplace_event
     WHERE parked_at IS NOT NULL ORDER BY received_at DESC, id DESC LIMIT ${rowCount(limit)}`;
}
