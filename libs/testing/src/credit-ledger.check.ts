import { queryDatabase } from './database-cleaner';

/**
 * Checks the credit ledger against what was sent: every revenue event is
 * credited exactly its amount when a partner won it (or the purchase it
 * takes back), else nothing; every agreement exactly its value when it was
 * expected to credit a partner. Kicker entries (on top of the split) are
 * left out. Used by the benchmarks and the fault suite.
 */
export async function checkRevenueEventCredits(databaseUrl: string) {
  const [row] = await queryDatabase<{ events: string; short: string; over: string; duplicates: string }>(
    databaseUrl,
    `WITH sums AS (
       SELECT e.external_id, e.amount_minor, e.reverses_external_id,
              coalesce(sum(c.amount_minor) FILTER (WHERE c.kicker IS NULL), 0) AS credited
       FROM revenue_event e LEFT JOIN partner_credit c ON c.revenue_event_id = e.id
       GROUP BY e.id),
     judged AS (
       SELECT s.credited, CASE WHEN coalesce(d.winner, od.winner) = 'PARTNER' THEN s.amount_minor ELSE 0 END AS expected
       FROM sums s
       LEFT JOIN attribution_decision d ON d.subject_key = 'revenue:' || s.external_id
       LEFT JOIN attribution_decision od ON od.subject_key = 'revenue:' || s.reverses_external_id)
     SELECT count(*) AS events,
            count(*) FILTER (WHERE abs(credited) < abs(expected)) AS short,
            count(*) FILTER (WHERE abs(credited) > abs(expected)) AS over,
            (SELECT count(*) - count(DISTINCT (revenue_event_id, partner_id, rule_id)) FROM partner_credit WHERE revenue_event_id IS NOT NULL) AS duplicates
     FROM judged`,
  );
  return { events: Number(row.events), lost: Number(row.short), duplicated: Number(row.over) + Number(row.duplicates) };
}

/** `expected`: marketplace agreement id → the value (minor units) its partner(s) must be credited in total. */
export async function checkAgreementCredits(databaseUrl: string, expected: Map<string, bigint>) {
  const rows = await queryDatabase<{ id: string; credited: string }>(
    databaseUrl,
    `SELECT a.marketplace_agreement_id AS id, coalesce(sum(c.amount_minor) FILTER (WHERE c.kicker IS NULL), 0)::text AS credited
     FROM agreement a LEFT JOIN partner_credit c ON c.agreement_id = a.id GROUP BY a.id`,
  );
  const credited = new Map(rows.map((r) => [r.id, BigInt(r.credited)]));
  let lost = 0;
  let duplicated = 0;
  for (const [id, value] of expected) {
    const got = credited.get(id) ?? 0n;
    if (got < value) lost += 1;
    if (got > value) duplicated += 1;
  }
  return { agreements: expected.size, recorded: rows.length, lost, duplicated };
}
