import { queryDatabase } from './database-cleaner';

/**
 * Status and currency keys where the reconciled items' totals (the view the
 * dashboard reads) disagree with the items' own count and sums, described;
 * empty when they agree exactly.
 */
export async function reconciliationTotalMismatches(databaseUrl: string): Promise<string[]> {
  const rows = await queryDatabase<{ what: string }>(
    databaseUrl,
    `WITH i AS (SELECT status, currency, count(*) AS items, sum(variance_minor) AS variance_minor, sum(expected_net_minor) AS expected_net_minor,
                       sum(disbursed_minor) AS disbursed_minor
                  FROM reconciliation_item GROUP BY 1, 2),
          t AS (SELECT * FROM reconciliation_item_total_live)
     SELECT coalesce(i.status, t.status)::text || ' ' || coalesce(i.currency, t.currency) || ': items ' || coalesce(i.items, 0) || ' variance ' ||
            coalesce(i.variance_minor, 0) || ', totals ' || coalesce(t.items, 0) || ' variance ' || coalesce(t.variance_minor, 0) AS what
       FROM i FULL JOIN t USING (status, currency)
      WHERE i.items IS DISTINCT FROM t.items OR i.variance_minor IS DISTINCT FROM t.variance_minor
         OR i.expected_net_minor IS DISTINCT FROM t.expected_net_minor OR i.disbursed_minor IS DISTINCT FROM t.disbursed_minor`,
  );
  return rows.map((r) => r.what);
}
