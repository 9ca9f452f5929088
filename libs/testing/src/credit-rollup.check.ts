import { queryDatabase } from './database-cleaner';

export interface CreditRollupCheck {
  /** Ledger lines, and their sum, as the ledger itself counts them. */
  ledgerLines: bigint;
  ledgerMinor: bigint;
  /** Keys where a rollup and the ledger disagree: per month; all time (by source, and the PAR/PIR rollup per partner and currency). */
  monthMismatches: number;
  totalMismatches: number;
  examples: string[];
}

const KEY = `partner_id, currency, engagement, source, is_kicker`;

/**
 * Compares both credit rollups with the ledger's own sums, key by key (a
 * rollup row left at zero by a correction counts as absent): the proof that
 * the rollups the dashboards read never drift from the append-only ledger.
 */
export async function checkCreditRollups(databaseUrl: string): Promise<CreditRollupCheck> {
  const ledger = `SELECT partner_id, date_trunc('month', occurred_at)::date AS month, currency, engagement, source, kicker IS NOT NULL AS is_kicker,
                         sum(amount_minor) AS amount_minor, count(*) AS lines
                    FROM partner_credit GROUP BY 1, 2, 3, 4, 5, 6`;
  const mismatches = (rollup: string, key: string) => `
    WITH l AS (${ledger}),
         lk AS (SELECT ${key}, sum(amount_minor) AS amount_minor, sum(lines) AS lines FROM l GROUP BY ${key}),
         r AS (SELECT ${key}, amount_minor, lines FROM ${rollup} WHERE lines <> 0 OR amount_minor <> 0)
    SELECT coalesce(lk.partner_id, r.partner_id)::text || ' ' || coalesce(lk.currency, r.currency) || ' ' ||
           coalesce(lk.engagement, r.engagement)::text || ' ' || coalesce(lk.source, r.source)::text ||
           ': ledger ' || coalesce(lk.amount_minor, 0) || ' in ' || coalesce(lk.lines, 0) ||
           ' lines, rollup ' || coalesce(r.amount_minor, 0) || ' in ' || coalesce(r.lines, 0) AS what
      FROM lk FULL JOIN r USING (${key})
     WHERE lk.amount_minor IS DISTINCT FROM r.amount_minor OR lk.lines IS DISTINCT FROM r.lines`;
  const revenueMismatches = `
    WITH l AS (SELECT partner_id, currency, COALESCE(sum(amount_minor) FILTER (WHERE engagement = 'SOURCED'), 0) AS par_minor,
                      COALESCE(sum(amount_minor) FILTER (WHERE engagement = 'INFLUENCED'), 0) AS pir_minor, count(*) AS lines
                 FROM partner_credit WHERE kicker IS NULL GROUP BY 1, 2),
         r AS (SELECT * FROM partner_revenue_live WHERE lines <> 0 OR par_minor <> 0 OR pir_minor <> 0)
    SELECT coalesce(l.partner_id, r.partner_id)::text || ' ' || coalesce(l.currency, r.currency) || ': ledger PAR ' || coalesce(l.par_minor, 0) ||
           ' PIR ' || coalesce(l.pir_minor, 0) || ', rollup PAR ' || coalesce(r.par_minor, 0) || ' PIR ' || coalesce(r.pir_minor, 0) AS what
      FROM l FULL JOIN r USING (partner_id, currency)
     WHERE l.par_minor IS DISTINCT FROM r.par_minor OR l.pir_minor IS DISTINCT FROM r.pir_minor OR l.lines IS DISTINCT FROM r.lines`;
  const [totals, months, revenue, all] = await Promise.all([
    queryDatabase<{ what: string }>(databaseUrl, mismatches('partner_credit_total_live', KEY)),
    queryDatabase<{ what: string }>(databaseUrl, mismatches('partner_credit_month_live', `${KEY}, month`)),
    queryDatabase<{ what: string }>(databaseUrl, revenueMismatches),
    queryDatabase<{ lines: string; minor: string }>(
      databaseUrl,
      'SELECT count(*)::text AS lines, coalesce(sum(amount_minor), 0)::text AS minor FROM partner_credit',
    ),
  ]);
  return {
    ledgerLines: BigInt(all[0]!.lines),
    ledgerMinor: BigInt(all[0]!.minor),
    monthMismatches: months.length,
    totalMismatches: totals.length + revenue.length,
    examples: [...months, ...totals, ...revenue].slice(0, 5).map((r) => r.what),
  };
}

export const rollupsExact = (check: CreditRollupCheck) => check.monthMismatches + check.totalMismatches === 0;

export function describeRollupCheck(check: CreditRollupCheck): string {
  return (
    `${check.ledgerLines} ledger lines (${check.ledgerMinor} minor units): ${check.monthMismatches} monthly and ` +
    `${check.totalMismatches} all-time rollup keys disagree with the ledger` +
    (check.examples.length ? ` (e.g. ${check.examples.join('; ')})` : '')
  );
}
