import { randomUUID } from 'node:crypto';
import { reconcileFeedItem, type FeedAmounts, type FeedCloud, type ItemAggregate } from '@bridge/domain';
import type { VerdictColumns } from './item-verdict.sql';

/**
 * The items the SQL verdict and the domain's rule are both asked to judge:
 * every agreement kind the fee and expectation depend on, crossed with feed
 * amounts that reach every verdict, and the odd items (no agreement, two
 * currencies, unreadable schedules).
 */
export const USD_RATES = { EUR: '1.08', JPY: '0.0067', BHD: '2.65' };
export const AS_OF = '2026-12-02';

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

export interface Case {
  cloud: FeedCloud;
  item: ItemAggregate;
}

export function cases(): Case[] {
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
    // Past 9 * 10^14 minor units the SQL computes fees in numeric rather than bigint: both ways, the domain's result.
    ...[899_999_999_999_995n, 1_000_000_000_000_005n].flatMap((valueMinor) =>
      feedsFor(valueMinor, 300)
        .slice(0, 3)
        .map((hugeFeed) => odd({ feed: hugeFeed, agreement: { ...some, id: randomUUID(), valueMinor } })),
    ),
  );
  return all;
}

/** What the domain decides, in the verdict query's columns. */
export function domainVerdict({ cloud, item }: Case): VerdictColumns {
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
