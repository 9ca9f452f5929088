import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { reconcileFeedItem, type FeedAmounts, type FeedCloud, type ItemAggregate } from '@bridge/domain';
import { loadAgreementSchedules } from './agreement-schedules';
import { verdictQuery, type VerdictColumns } from './item-verdict.sql';
import { scheduledAgreements } from './reconciliation-match.sql';
import { DATABASE_URL } from './reconciliation.int-harness';

const USD_RATES = { EUR: '1.08', JPY: '0.0067', BHD: '2.65' };
const AS_OF = '2026-12-02';

type Agreement = NonNullable<ItemAggregate['agreement']>;

/** Agreements of every kind the fee and expectation depend on (ids are set per case). */
const agreementKinds: Omit<Agreement, 'id'>[] = [
  {
    marketplaceAgreementId: 'agmt-private',
    matchedBy: 'agreement_id',
    valueMinor: 100_000n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PRIVATE',
    paymentSchedule: null,
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-public',
    matchedBy: 'buyer and product',
    valueMinor: 100_000n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PUBLIC',
    paymentSchedule: null,
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-public-renewed',
    matchedBy: 'agreement_id',
    valueMinor: 100_000n,
    currency: 'USD',
    intent: 'RENEW',
    resaleAuthorizationId: null,
    offerKind: 'PUBLIC',
    paymentSchedule: null,
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-1m',
    matchedBy: 'agreement_id',
    valueMinor: 100_000_000n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: null,
    paymentSchedule: null,
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-under-1m',
    matchedBy: 'agreement_id',
    valueMinor: 99_999_999n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PRIVATE',
    paymentSchedule: null,
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-10m',
    matchedBy: 'agreement_id',
    valueMinor: 1_000_000_000n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PRIVATE',
    paymentSchedule: null,
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-renewal',
    matchedBy: 'agreement_id',
    valueMinor: 5_000_000n,
    currency: 'USD',
    intent: 'RENEW',
    resaleAuthorizationId: null,
    offerKind: 'PRIVATE',
    paymentSchedule: null,
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-channel',
    matchedBy: 'agreement_id',
    valueMinor: 105_000n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'CHANNEL',
    paymentSchedule: null,
    markupPercent: '5.0000',
  },
  {
    marketplaceAgreementId: 'agmt-resale',
    matchedBy: 'agreement_id',
    valueMinor: 100_001n,
    currency: 'USD',
    intent: 'RENEW',
    resaleAuthorizationId: 'resaleauthz-1',
    offerKind: 'PRIVATE',
    paymentSchedule: null,
    markupPercent: '7.2500',
  },
  {
    marketplaceAgreementId: 'agmt-usage',
    matchedBy: 'agreement_id',
    valueMinor: 0n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PUBLIC',
    paymentSchedule: null,
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-usage-channel',
    matchedBy: 'agreement_id',
    valueMinor: 0n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'CHANNEL',
    paymentSchedule: null,
    markupPercent: '5.0000',
  },
  {
    marketplaceAgreementId: 'agmt-eur',
    matchedBy: 'agreement_id',
    valueMinor: 95_000_000n,
    currency: 'EUR',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PRIVATE',
    paymentSchedule: null,
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-jpy',
    matchedBy: 'agreement_id',
    valueMinor: 150_000_001n,
    currency: 'JPY',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PRIVATE',
    paymentSchedule: null,
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-bhd',
    matchedBy: 'agreement_id',
    valueMinor: 1_000_005n,
    currency: 'BHD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PRIVATE',
    paymentSchedule: null,
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-gbp-no-rate',
    matchedBy: 'agreement_id',
    valueMinor: 100_000n,
    currency: 'GBP',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PRIVATE',
    paymentSchedule: null,
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-negative',
    matchedBy: 'agreement_id',
    valueMinor: -100n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PRIVATE',
    paymentSchedule: null,
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-instalments',
    matchedBy: 'agreement_id',
    valueMinor: 9_000_000n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PRIVATE',
    paymentSchedule: JSON.stringify([
      { chargeDate: '2026-01-15', amount: '30000.00' },
      { chargeDate: '2026-12-02', amount: '30000.00' },
      { chargeDate: '2999-01-15', amount: '30000.00' },
    ]),
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-instalments-short-of-value',
    matchedBy: 'agreement_id',
    valueMinor: 0n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'CHANNEL',
    paymentSchedule: JSON.stringify([
      { chargeDate: '2025-03-01', amount: '600000.00' },
      { chargeDate: '2027-03-01', amount: '600000.00' },
    ]),
    markupPercent: '5.0000',
  },
  {
    marketplaceAgreementId: 'agmt-instalments-none-due',
    matchedBy: 'agreement_id',
    valueMinor: 100_000n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PRIVATE',
    paymentSchedule: JSON.stringify([{ chargeDate: '2027-01-01', amount: '1000.00' }]),
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-schedule-null',
    matchedBy: 'agreement_id',
    valueMinor: 100_000n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PRIVATE',
    paymentSchedule: 'null',
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-schedule-bad-date',
    matchedBy: 'agreement_id',
    valueMinor: 100_000n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PRIVATE',
    paymentSchedule: JSON.stringify([{ chargeDate: '2026-02-30', amount: '1000.00' }]),
    markupPercent: null,
  },
  {
    marketplaceAgreementId: 'agmt-schedule-bad-amount',
    matchedBy: 'agreement_id',
    valueMinor: 100_000n,
    currency: 'USD',
    intent: 'NEW',
    resaleAuthorizationId: null,
    offerKind: 'PRIVATE',
    paymentSchedule: JSON.stringify([{ chargeDate: '2026-02-01', amount: '1000.005' }]),
    markupPercent: null,
  },
];

/** Feed totals around each agreement's expectation: paid exactly, short, over, a fee off by a cent, refunded, nothing, half cents. */
function feedsFor(expectedGross: bigint, feeBps: number): FeedAmounts[] {
  const fee = (gross: bigint) => -((gross * BigInt(feeBps) + 5_000n) / 10_000n);
  const paid = (gross: bigint, extra = 0n): FeedAmounts => ({
    sellerRevShareMinor: gross,
    awsRevShareMinor: fee(gross),
    refundsMinor: 0n,
    disbursedMinor: gross + fee(gross) + extra,
  });
  return [
    paid(expectedGross),
    paid(expectedGross, -5_000n),
    paid(expectedGross, 1n),
    { ...paid(expectedGross), disbursedMinor: 0n },
    { ...paid(expectedGross + 777n), disbursedMinor: expectedGross },
    { ...paid(expectedGross), awsRevShareMinor: fee(expectedGross) - 1n },
    { ...paid(expectedGross), awsRevShareMinor: fee(expectedGross) + 3n },
    { ...paid(expectedGross), refundsMinor: -1_250n },
    { ...paid(expectedGross), refundsMinor: -1_250n, disbursedMinor: 0n },
    { sellerRevShareMinor: 0n, awsRevShareMinor: 0n, refundsMinor: 0n, disbursedMinor: 0n },
    { sellerRevShareMinor: 50n, awsRevShareMinor: -2n, refundsMinor: 0n, disbursedMinor: 48n },
    { sellerRevShareMinor: 150n, awsRevShareMinor: -4n, refundsMinor: 0n, disbursedMinor: 146n },
    { sellerRevShareMinor: -15_000n, awsRevShareMinor: 450n, refundsMinor: 0n, disbursedMinor: -14_550n },
    { sellerRevShareMinor: 0n, awsRevShareMinor: 0n, refundsMinor: 0n, disbursedMinor: 12_345n },
  ];
}

interface Case {
  cloud: FeedCloud;
  item: ItemAggregate;
}

function cases(): Case[] {
  const all: Case[] = [];
  let n = 0;
  for (const cloud of ['AWS', 'AZURE'] as const)
    for (const kind of [...agreementKinds, null]) {
      const agreement = kind && { ...kind, id: randomUUID() };
      const currency = kind?.currency ?? 'USD';
      const value = kind && kind.valueMinor > 0n ? kind.valueMinor : 100_000n;
      for (const feed of feedsFor(value, 300)) {
        const ref = `txn-${n++}`;
        all.push({ cloud, item: { ref, currency, otherCurrency: currency, endUser: '111122223333', product: 'prod-a', feed, agreement } });
      }
    }
  const some = agreementKinds[0];
  const feed = feedsFor(100_000n, 300)[0];
  const odd = (item: Partial<ItemAggregate>): Case => ({
    cloud: 'AWS',
    item: { ref: `txn-${n++}`, currency: 'USD', otherCurrency: 'USD', endUser: null, product: null, feed, agreement: null, ...item },
  });
  all.push(
    odd({ otherCurrency: 'EUR' }),
    odd({ otherCurrency: 'EUR', agreement: { ...some, id: randomUUID() } }),
    odd({ endUser: '111122223333', product: null }),
    odd({ endUser: '', product: 'prod-a' }),
    odd({ currency: 'EUR', otherCurrency: 'EUR', agreement: { ...some, id: randomUUID() } }),
    odd({ agreement: { ...some, id: randomUUID(), intent: 'NEW', offerKind: null } }),
  );
  return all;
}

/** What the domain decides, in the verdict query's columns. */
function domainVerdict({ cloud, item }: Case): VerdictColumns {
  const d = reconcileFeedItem(cloud, item, USD_RATES, AS_OF);
  return {
    status: d.status,
    variance: d.varianceMinor.toString(),
    explanation: d.explanation,
    expected_gross: d.expectedGrossMinor.toString(),
    expected_net: d.expectedNetMinor.toString(),
    fee_bps: d.feeBps,
    fee_reason: d.feeReason,
    next_charge_date: d.nextChargeDate,
  };
}

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
