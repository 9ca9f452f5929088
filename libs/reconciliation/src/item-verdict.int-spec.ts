import pg from 'pg';
import { loadAgreementSchedules } from './agreement-schedules';
import { AS_OF, cases, domainVerdict, USD_RATES, type Case } from './item-verdict.cases';
import { verdictQuery, type VerdictColumns } from './item-verdict.sql';
import { scheduledAgreements } from './reconciliation-match.sql';
import { DATABASE_URL } from './reconciliation.int-harness';

describe('judging items in SQL, as the domain does (real PostgreSQL)', () => {
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
  });
  afterAll(() => client.end());

  it.each(['AWS', 'AZURE'] as const)(
    'gives every %s case the domain verdict, variance, expectation, fee and explanation, word for word',
    async (cloud) => {
      const all = cases().filter((c) => c.cloud === cloud);
      const a = (c: Case) => c.item.agreement;
      await client.query('BEGIN');
      try {
        await client.query(
          `CREATE TEMP TABLE verdict_cases ON COMMIT DROP AS
          SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[],
                               $10::uuid[], $11::text[], $12::text[], $13::bigint[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[])
            AS c(ref, currency, other_currency, end_user, product, invoiced, fee, refunds, disbursed, agreement_id, marketplace_agreement_id,
                 matched_by, value_minor, agreement_currency, intent, resale_authorization_id, offer_kind, markup_percent, payment_schedule)`,
          [
            all.map((c) => c.item.ref),
            all.map((c) => c.item.currency),
            all.map((c) => c.item.otherCurrency),
            all.map((c) => c.item.endUser),
            all.map((c) => c.item.product),
            all.map((c) => c.item.feed.sellerRevShareMinor.toString()),
            all.map((c) => c.item.feed.awsRevShareMinor.toString()),
            all.map((c) => c.item.feed.refundsMinor.toString()),
            all.map((c) => c.item.feed.disbursedMinor.toString()),
            all.map((c) => a(c)?.id ?? null),
            all.map((c) => a(c)?.marketplaceAgreementId ?? null),
            all.map((c) => a(c)?.matchedBy ?? null),
            all.map((c) => a(c)?.valueMinor.toString() ?? null),
            all.map((c) => a(c)?.currency ?? null),
            all.map((c) => a(c)?.intent ?? null),
            all.map((c) => a(c)?.resaleAuthorizationId ?? null),
            all.map((c) => a(c)?.offerKind ?? null),
            all.map((c) => a(c)?.markupPercent ?? null),
            all.map((c) => a(c)?.paymentSchedule ?? null),
          ],
        );
        await client.query(`ALTER TABLE verdict_cases ADD COLUMN scheduled boolean`);
        await client.query(`UPDATE verdict_cases SET scheduled = payment_schedule IS NOT NULL AND payment_schedule <> 'null'`);
        await loadAgreementSchedules(client as unknown as pg.PoolClient, scheduledAgreements('verdict_cases'), [], AS_OF);
        const { rows } = await client.query<VerdictColumns & { ref: string }>(
          `SELECT v.ref, v.status, v.variance::text, v.explanation, v.expected_gross::text, v.expected_net::text, v.fee_bps, v.fee_reason,
                  to_char(v.next_charge_date, 'YYYY-MM-DD') AS next_charge_date
             FROM (${verdictQuery('SELECT * FROM verdict_cases', cloud, USD_RATES)}) v`,
        );
        const byRef = new Map(rows.map(({ ref, ...verdict }) => [ref, verdict]));
        const differing = all.filter((c) => JSON.stringify(byRef.get(c.item.ref)) !== JSON.stringify(domainVerdict(c)));
        expect(differing.map((c) => ({ case: c.item, sql: byRef.get(c.item.ref), domain: domainVerdict(c) }))).toEqual([]);
        // The cases reach every verdict, and the ways an item is unexpected.
        expect(new Set(rows.map((r) => r.status))).toEqual(
          new Set(['MATCHED', 'SHORT_PAID', 'OVER_PAID', 'FEE_MISMATCH', 'REFUND', 'UNMATCHED']),
        );
        expect(rows.length).toBe(all.length);
      } finally {
        await client.query('ROLLBACK');
      }
    },
  );
});
