import { createHash } from 'node:crypto';
import pg from 'pg';

/** How big a product the reads bench builds; `scale` 1 is the issue's size, 0.1 a tenth of it. */
export interface ReadsWorldSize {
  partners: number;
  customers: number;
  agreements: number;
  credits: number;
  commitments: number;
  drawdownsPerCommitment: number;
  meteringSubscriptions: number;
  hoursPerSubscription: number;
  offers: number;
  deals: number;
}

export function readsWorldSize(scale: number): ReadsWorldSize {
  const n = (full: number) => Math.max(1, Math.round(full * scale));
  return {
    partners: n(10_000),
    customers: n(5_000),
    agreements: n(100_000),
    credits: n(1_000_000),
    commitments: n(2_000),
    drawdownsPerCommitment: 50,
    // Usage grows by history, not by customers: the same 100 subscriptions, for 10,000 hours (14 months) or a tenth of that.
    meteringSubscriptions: 100,
    hoursPerSubscription: n(10_000),
    offers: n(10_000),
    deals: n(50_000),
  };
}

/**
 * Seeds the product's tables in PostgreSQL with set-based SQL (INSERT ...
 * SELECT over generate_series, one statement per table): ids are md5-derived
 * UUIDs so rows can name each other without a round trip. The ledger is
 * written the way the product writes it, through partner_credit, so its
 * rollup triggers run as they do in production. Credits are skewed (the
 * partner of a line is the square of a uniform draw), so a few partners hold
 * years of lines: partner 1 about 1% of the ledger.
 */
export async function seedReadsWorld(databaseUrl: string, size: ReadsWorldSize): Promise<{ seconds: number; rows: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  let rows = 0;
  const run = async (sql: string) => {
    const result = await client.query(sql);
    rows += result.rowCount ?? 0;
  };
  try {
    const s = size;
    await run(`INSERT INTO listing (id, cloud, product_id, title, updated_at)
      SELECT ${u(`'l' || i`)}, 'AWS', 'prod-' || i, 'Listing ' || lpad(i::text, 3, '0'), now() FROM generate_series(1, 20) i`);
    await run(`INSERT INTO partner (id, name, persona)
      SELECT ${u(`'p' || i`)}, 'Partner ' || lpad(i::text, 6, '0'), (ARRAY['ISV', 'GSI', 'RESELLER', 'BOUTIQUE_CONSULTANT'])[1 + i % 4]::"PartnerPersona"
        FROM generate_series(1, ${s.partners}) i`);
    await run(`INSERT INTO customer (id, name) SELECT ${u(`'c' || i`)}, 'Customer ' || i FROM generate_series(1, ${s.customers}) i`);
    await run(`INSERT INTO offer (id, cloud, kind, state, listing_id, partner_id, contract_value_minor, currency, buyer_accounts, created_at, updated_at)
      SELECT ${u(`'o' || i`)}, 'AWS', (CASE WHEN i % 3 = 0 THEN 'CHANNEL' ELSE 'PRIVATE' END)::"OfferKind",
             (ARRAY['DRAFT', 'PUBLISHED', 'ACCEPTED', 'EXPIRED'])[1 + i % 4]::"OfferState", ${u(`'l' || (1 + i % 20)`)},
             ${u(`'p' || (1 + i % ${s.partners})`)}, 100000 + i, 'USD', ARRAY[lpad((700000000000 + i)::text, 12, '0')],
             now() - (i % 1000) * interval '1 day' - i * interval '1 second', now()
        FROM generate_series(1, ${s.offers}) i`);
    await run(`INSERT INTO agreement (id, cloud, marketplace_agreement_id, marketplace_offer_id, product_id, acceptor_account_id, proposer_account_id,
                                      intent, status, value_minor, currency, accepted_at, updated_at, customer_id)
      SELECT ${u(`'a' || i`)}, 'AWS', 'agmt-' || lpad(i::text, 8, '0'), 'offer-' || (1 + i % ${s.offers}), 'prod-' || (1 + i % 20),
             lpad((700000000000 + i % ${s.customers})::text, 12, '0'), '111122223333', 'NEW', 'ACTIVE', 100000 + (i % 1000) * 100, 'USD',
             now() - (i % 1095) * interval '1 day', now(), ${u(`'c' || (1 + i % ${s.customers})`)}
        FROM generate_series(1, ${s.agreements}) i`);
    await run(`INSERT INTO partner_credit (id, credit_key, partner_id, agreement_id, source, engagement, rule_id, kicker, share_bps, amount_minor, currency, reason, occurred_at)
      SELECT ${u(`'cr' || i`)}, 'bench-' || i, ${u(`'p' || (1 + floor(power(random(), 2) * ${s.partners})::int)`)},
             ${u(`'a' || (1 + i % ${s.agreements})`)},
             (CASE WHEN i % 50 = 0 THEN 'REFUND' WHEN i % 20 = 0 THEN 'KICKER' WHEN i % 3 = 0 THEN 'USAGE' ELSE 'PURCHASE' END)::"CreditSource",
             (CASE WHEN i % 10 < 7 THEN 'SOURCED' ELSE 'INFLUENCED' END)::"Engagement", 'bench',
             CASE WHEN i % 20 = 0 AND i % 50 <> 0 THEN 'NEW_LOGO' END, 7000,
             CASE WHEN i % 50 = 0 THEN -(1000 + i % 9000) ELSE 1000 + i % 90000 END, CASE WHEN i % 10 = 9 THEN 'EUR' ELSE 'USD' END,
             'bench line', now() - random() * interval '3 years'
        FROM generate_series(1, ${s.credits}) i`);
    await run(`INSERT INTO commitment (id, customer_id, cloud, kind, total_minor, currency, starts_at, ends_at, marketplace_cap_bps)
      SELECT ${u(`'m' || i`)}, ${u(`'c' || (1 + i % ${s.customers})`)}, 'AWS', (CASE WHEN i % 2 = 0 THEN 'EDP' ELSE 'PPA' END)::"CommitmentKind",
             120000000, 'USD', date_trunc('month', now()) - interval '2 years', date_trunc('month', now()) + interval '1 year', 2500
        FROM generate_series(1, ${s.commitments}) i`);
    await run(`INSERT INTO commitment_drawdown (id, commitment_id, drawdown_key, invoice_date, eligible_minor, drawn_minor, reason, partner_id)
      SELECT ${u(`'d' || m || '-' || k`)}, ${u(`'m' || m`)}, 'bench-' || m || '-' || k, now() - (k * 14) * interval '1 day',
             500000, 400000, 'bench drawdown', CASE WHEN k % 3 = 0 THEN ${u(`'p' || (1 + m % ${s.partners})`)} END
        FROM generate_series(1, ${s.commitments}) m, generate_series(1, ${s.drawdownsPerCommitment}) k`);
    await run(`INSERT INTO metering_subscription (id, cloud, customer_ref, product_code, started_at)
      SELECT ${u(`'s' || i`)}, 'AWS', 'cust-' || i, 'prod-' || (1 + i % 20), now() - interval '2 years' FROM generate_series(1, ${s.meteringSubscriptions}) i`);
    await run(`INSERT INTO usage_hour (subscription_id, dimension, hour, received_quantity, record_count, status, billed_quantity, send_attempts)
      SELECT ${u(`'s' || sub`)}, 'api_calls', date_trunc('hour', now()) - h * interval '1 hour', 10 + (h % 50), 3,
             (CASE WHEN h < 2 THEN 'PENDING' WHEN h % 97 = 0 THEN 'REJECTED' ELSE 'ACCEPTED' END)::"UsageHourStatus",
             CASE WHEN h >= 2 THEN 10 + (h % 50) END, CASE WHEN h >= 2 THEN 1 ELSE 0 END
        FROM generate_series(1, ${s.meteringSubscriptions}) sub, generate_series(0, ${s.hoursPerSubscription - 1}) h`);
    await run(`INSERT INTO reconciliation_item (cloud, transaction_reference_id, marketplace_agreement_id, agreement_id, currency, expected_gross_minor, fee_bps,
                                                fee_reason, expected_net_minor, invoiced_gross_minor, fee_minor, refunds_minor, tax_minor, uncollected_minor,
                                                collected_net_minor, disbursed_minor, disbursed_gross_minor, variance_minor, status, explanation, row_count,
                                                superseded_rows, last_import_id)
      SELECT 'AWS', 'txn-' || lpad(i::text, 8, '0'), 'agmt-' || lpad(i::text, 8, '0'), ${u(`'a' || i`)}, 'USD', 100000, 300, 'tier', 97000, 100000,
             3000, 0, 0, 0, 97000, CASE WHEN i % 10 = 0 THEN 96000 ELSE 97000 END, 100000, CASE WHEN i % 10 = 0 THEN -1000 ELSE 0 END,
             (CASE WHEN i % 10 = 0 THEN 'SHORT_PAID' ELSE 'MATCHED' END)::"ReconciliationStatus", 'bench', 1, 0, ${u(`'import'`)}
        FROM generate_series(1, ${s.agreements}) i`);
    await run(`INSERT INTO deal_registration (id, partner_id, customer_id, engagement, status, estimated_value_minor, currency, registered_at, expires_at)
      SELECT ${u(`'g' || i`)}, ${u(`'p' || (1 + i % ${s.partners})`)}, ${u(`'c' || (1 + i % ${s.customers})`)},
             (CASE WHEN i % 2 = 0 THEN 'SOURCED' ELSE 'INFLUENCED' END)::"Engagement",
             (ARRAY['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED'])[1 + i % 4]::"DealStatus", 5000000, 'USD',
             now() - (i % 1000) * interval '1 day' - i * interval '1 second', now() + interval '90 days'
        FROM generate_series(1, ${s.deals}) i`);
    await client.query('VACUUM ANALYZE');
    // The seed leaves a checkpoint under way (its WAL passed max_wal_size) and
    // gigabytes of dirty pages at full size, written back while reads are
    // measured; a tenth leaves a tenth of that. Written out now, so what is
    // measured is the steady state, the same at every size.
    await client.query('CHECKPOINT');
    return { seconds: (Date.now() - started) / 1000, rows };
  } finally {
    await client.end();
  }
}

/** Partners to read: the biggest (about 1% of the ledger), one in the middle and a long-tail one. */
export function benchPartners(size: ReadsWorldSize): string[] {
  const ids = [1, 2, 10, Math.ceil(size.partners / 2), size.partners];
  return ids.map((i) => md5Uuid(`p${i}`));
}

/**
 * A valid version-4 UUID from the md5 of a text (the API refuses ids that are
 * not RFC 4122 UUIDs): md5Uuid in TypeScript and u() in SQL give the same id.
 */
export const md5Uuid = (text: string): string => {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
};

/** The SQL counterpart of md5Uuid for the text expression `expr`. */
const u = (expr: string) => `(overlay(overlay(md5(${expr}) placing '4' from 13) placing '8' from 17))::uuid`;
