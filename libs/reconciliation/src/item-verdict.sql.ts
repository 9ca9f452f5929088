import {
  AZURE_STORE_SERVICE_FEE,
  CHANNEL_UPLIFT,
  parseScaledDecimal,
  PRIVATE_OFFER_TIERS,
  PRIVATE_RENEWAL_FEE,
  PUBLIC_OFFER_FEE,
  type ReconciliationStatus,
} from '@bridge/domain';
import type { Cloud } from '@bridge/database';
import { exponentOf, sqlText } from './aws-staged-rows.sql';

/**
 * The domain's reconcileFeedItem (libs/domain, feed-item.reconciler) as one
 * set-based SELECT: every item's verdict, variance, expected amounts, fee and
 * explanation, in the same order of checks and the same words.
 * `item-verdict.int-spec.ts` runs both on the same cases and compares every
 * column. The fee tiers and reasons come from the domain's constants; a
 * payment schedule is read by the domain itself, once per agreement
 * (loadAgreementSchedules), and joined in as numbers and words
 * (recon_schedule). Each step is a lateral subquery kept apart by OFFSET 0:
 * pulled up, every later step would repeat the earlier steps' expressions,
 * and planning alone took seconds.
 *
 * `source` is a relation of items to judge, with the columns
 * VERDICT_SOURCE_COLUMNS names; the query gives them back with the verdict's columns after them.
 */

/** The columns a source of items to judge has (amounts bigint, agreement columns null when it matched none). */
export const VERDICT_SOURCE_COLUMNS = [
  'ref',
  'currency',
  'other_currency',
  'end_user',
  'product',
  'invoiced',
  'fee',
  'refunds',
  'disbursed',
  'agreement_id',
  'marketplace_agreement_id',
  'matched_by',
  'value_minor',
  'agreement_currency',
  'intent',
  'resale_authorization_id',
  'offer_kind',
  'markup_percent',
] as const;

/** The verdict's columns, after the source's. */
export interface VerdictColumns {
  status: ReconciliationStatus;
  variance: string;
  explanation: string;
  expected_gross: string;
  expected_net: string;
  fee_bps: number;
  fee_reason: string;
  next_charge_date: string | null;
}

/** Each agreement's schedule as the domain read it: an error, or what is due (and its words) as of the match's day. */
export const CREATE_SCHEDULES = `CREATE TEMP TABLE IF NOT EXISTS recon_schedule (agreement_id uuid PRIMARY KEY, error text, due_minor bigint, total_minor bigint,
  next_charge_date date, words text) ON COMMIT DROP`;
export const INSERT_SCHEDULES = `INSERT INTO recon_schedule (agreement_id, error, due_minor, total_minor, next_charge_date, words)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::bigint[], $5::date[], $6::text[])`;

/** n / d rounded half-even, as the domain's divideRounded (numeric, d > 0). */
const halfEven = (n: string, d: string) =>
  `(sign(${n}) * (div(abs(${n}), ${d}) + CASE WHEN 2 * mod(abs(${n}), ${d}) > ${d} OR (2 * mod(abs(${n}), ${d}) = ${d} AND mod(div(abs(${n}), ${d}), 2) = 1) THEN 1 ELSE 0 END))::bigint`;

/** halfEven in bigint arithmetic (n bigint that cannot overflow when doubled, d > 0): / and % truncate, so on abs(n) they floor. */
const halfEvenBigint = (n: string, d: string) =>
  `(CASE WHEN ${n} < 0 THEN -1 ELSE 1 END * (abs(${n}) / ${d} + CASE WHEN 2 * (abs(${n}) % ${d}) > ${d} OR (2 * (abs(${n}) % ${d}) = ${d} AND (abs(${n}) / ${d}) % 2 = 1) THEN 1 ELSE 0 END))`;

/**
 * The domain's expectedFeeMinor: basis points of a gross amount, half-even.
 * In bigint arithmetic while the product cannot overflow (a gross under 9 *
 * 10^14 minor units, basis points 0 to 10,000: every real contract), in
 * numeric beyond: the same result either way, and numeric arithmetic cost a
 * fifth of judging a million lines' items.
 */
const feeOf = (gross: string, bps: string) =>
  `CASE WHEN (${gross}) BETWEEN -900000000000000 AND 900000000000000 AND (${bps}) BETWEEN 0 AND 10000
     THEN ${halfEvenBigint(`((${gross})::bigint * (${bps}))`, '10000')}
     ELSE ${halfEven(`(${gross})::numeric * ${bps}`, '10000')} END`;

/** The domain's formatMinor(amount, the item's currency, { withCode: true }), over `c.e` and `c.p` (the currency's decimals and 10^decimals). */
const m = (amount: string) =>
  `(CASE WHEN (${amount}) < 0 THEN '-' ELSE '' END || CASE WHEN c.e = 0 THEN abs(${amount})::text
     ELSE (abs(${amount}) / c.p)::text || '.' || lpad((abs(${amount}) % c.p)::text, c.e, '0') END || ' ' || j.currency)`;

/** JavaScript's `feeBps / 100` as text: 3, 1.5, 3.5. */
const percent = (bps: string) => `trim_scale(${bps} / 100.0)::text`;

/** The USD rates (RECONCILIATION_USD_RATES) as a relation: currency, the rate as written, its digits and scale. */
function ratesRelation(usdRates: Readonly<Record<string, string>>): string {
  const rows = Object.entries(usdRates).map(([currency, rate]) => {
    const { digits, scale } = parseScaledDecimal(rate);
    return `(${sqlText(currency)}, ${sqlText(rate)}, ${digits.toString()}::numeric, ${scale})`;
  });
  return rows.length === 0
    ? `(SELECT NULL::text, NULL::text, NULL::numeric, NULL::int WHERE false) AS rate(currency, written, digits, scale)`
    : `(VALUES ${rows.join(', ')}) AS rate(currency, written, digits, scale)`;
}

/** The fee's basis points, reason and error (the domain's marketplaceFee and listingFee), over `t` (the tier's facts) and `u` (its USD value). */
function feeColumns(cloud: Cloud): string {
  if (cloud === 'AZURE')
    return `${AZURE_STORE_SERVICE_FEE.feeBps} AS fee_bps, ${sqlText(AZURE_STORE_SERVICE_FEE.reason)} AS fee_reason, NULL::text AS fee_error`;
  const tiers = [...PRIVATE_OFFER_TIERS].reverse();
  const base = (pick: (fee: { feeBps: number; reason: string }) => string) =>
    `CASE WHEN t.is_public THEN ${pick(PUBLIC_OFFER_FEE)} WHEN t.is_renewal THEN ${pick(PRIVATE_RENEWAL_FEE)}
          ${tiers.map((tier) => `WHEN u.usd >= ${tier.fromUsdMinor.toString()} THEN ${pick(tier)}`).join(' ')} END`;
  return `${base((f) => String(f.feeBps))} + CASE WHEN t.is_channel THEN ${CHANNEL_UPLIFT.feeBps} ELSE 0 END AS fee_bps,
          ${base((f) => sqlText(f.reason))} || CASE WHEN t.is_channel THEN ${sqlText(CHANNEL_UPLIFT.reason)} ELSE '' END
            || CASE WHEN j.agreement_currency <> 'USD' THEN ' (contract value taken as ' || (u.usd / 100)::text || ' USD at ' || rate.written || ' USD per ' || j.agreement_currency || ')' ELSE '' END AS fee_reason,
          CASE WHEN j.agreement_currency <> 'USD' AND rate.currency IS NULL
                 THEN 'no USD rate for ' || j.agreement_currency || ': the fee tier of a ' || j.agreement_currency || ' contract cannot be placed'
               WHEN u.usd < 0 THEN 'contract value cannot be negative' END AS fee_error`;
}

/**
 * The verdict of every item of `source`, as of the day the schedules were
 * read for (recon_schedule must exist). `cloud` and the rates are the
 * product's own (the cloud an enum name, the rates checked by the config
 * schema): no value of a feed is ever part of the text.
 */
export function verdictQuery(source: string, cloud: Cloud, usdRates: Readonly<Record<string, string>>): string {
  return `
  SELECT j.*, v.status, v.variance, v.explanation, v.expected_gross, v.expected_net, v.fee_bps, v.fee_reason, v.next_charge_date
    FROM (${source}) j
    LEFT JOIN recon_schedule s ON s.agreement_id = j.agreement_id
    LEFT JOIN ${ratesRelation(usdRates)} ON rate.currency = j.agreement_currency
   CROSS JOIN LATERAL (SELECT ${exponentOf('j.currency')} AS e OFFSET 0) c0
   CROSS JOIN LATERAL (SELECT c0.e, (10 ^ c0.e)::bigint AS p OFFSET 0) c
   CROSS JOIN LATERAL (
     SELECT CASE WHEN s.due_minor IS NOT NULL AND s.total_minor > j.value_minor THEN s.total_minor ELSE j.value_minor END AS value,
            j.offer_kind = 'CHANNEL' OR j.resale_authorization_id IS NOT NULL AS is_channel,
            coalesce(j.intent, 'NEW') = 'RENEW' AS is_renewal,
            NOT (j.offer_kind = 'CHANNEL' OR j.resale_authorization_id IS NOT NULL) AND j.offer_kind IS NOT DISTINCT FROM 'PUBLIC' AS is_public OFFSET 0) t
   CROSS JOIN LATERAL (
     SELECT CASE WHEN j.agreement_currency = 'USD' THEN t.value
                 ELSE ${halfEven('t.value::numeric * rate.digits * 100', `power(10::numeric, ${exponentOf('j.agreement_currency')} + rate.scale)`)} END AS usd OFFSET 0) u
   CROSS JOIN LATERAL (SELECT ${feeColumns(cloud)} OFFSET 0) f
   CROSS JOIN LATERAL (
     SELECT CASE
              WHEN j.currency <> j.other_currency THEN 'its rows are in two currencies, ' || j.currency || ' and ' || j.other_currency
              WHEN j.agreement_id IS NULL THEN 'no agreement has the agreement_id its rows name'
                   || CASE WHEN j.end_user <> '' AND j.product <> '' THEN ', nor is there exactly one agreement of buyer ' || j.end_user || ' for product ' || j.product ELSE '' END
              WHEN j.agreement_currency <> j.currency
                THEN 'agreement ' || j.marketplace_agreement_id || ' is in ' || j.agreement_currency || ', the feed in ' || j.currency
              WHEN s.error IS NOT NULL THEN s.error
              WHEN f.fee_error IS NOT NULL THEN 'the fee of agreement ' || j.marketplace_agreement_id || ' cannot be known: ' || f.fee_error
            END AS reason,
            s.due_minor IS NULL AND j.value_minor = 0 AS usage_priced OFFSET 0) x
   CROSS JOIN LATERAL (
     SELECT CASE WHEN s.due_minor IS NOT NULL THEN s.due_minor WHEN x.usage_priced THEN j.invoiced ELSE j.value_minor END AS contract_gross,
            j.markup_percent IS NOT NULL AND NOT x.usage_priced AS channel_share OFFSET 0) g0
   CROSS JOIN LATERAL (
     SELECT CASE WHEN g0.channel_share THEN ${halfEven('g0.contract_gross::numeric * 100', '(100 + j.markup_percent::numeric)')} ELSE g0.contract_gross END AS gross OFFSET 0) g
   CROSS JOIN LATERAL (
     SELECT ${feeOf('g.gross', 'f.fee_bps')} AS fee, ${feeOf('j.invoiced', 'f.fee_bps')} AS fee_on_invoiced,
            j.invoiced + j.fee + j.refunds AS feed_net, -j.fee AS actual_fee,
            j.invoiced = 0 AND j.fee = 0 AND j.refunds = 0 AND j.disbursed = 0 AS empty OFFSET 0) a0
   CROSS JOIN LATERAL (SELECT g.gross - a0.fee AS net, j.disbursed - (g.gross - a0.fee) AS variance OFFSET 0) a
   CROSS JOIN LATERAL (
     SELECT CASE WHEN x.reason IS NOT NULL OR a0.empty THEN 'UNMATCHED' WHEN j.refunds <> 0 THEN 'REFUND'
                 WHEN a0.actual_fee <> a0.fee_on_invoiced THEN 'FEE_MISMATCH' WHEN a.variance = 0 THEN 'MATCHED'
                 WHEN a.variance < 0 THEN 'SHORT_PAID' ELSE 'OVER_PAID' END AS status,
            'feed: invoiced ' || ${m('j.invoiced')} || ', fee ' || ${m('j.fee')} || ', refunds ' || ${m('j.refunds')} || ', disbursed ' || ${m('j.disbursed')} AS observed OFFSET 0) st
   CROSS JOIN LATERAL (
     SELECT 'expected ' || ${m('g.gross')} || ' gross less ' || ${m('a0.fee')} || ' fee (' || ${percent('f.fee_bps')} || '%) = ' || ${m('a.net')} AS expectation OFFSET 0) ex
   CROSS JOIN LATERAL (
     SELECT CASE WHEN a0.empty THEN ex.expectation || ', but the billing feed has nothing for this item'
       ELSE concat_ws('; ', ex.expectation, st.observed,
         CASE st.status
           WHEN 'REFUND' THEN 'a refund of ' || ${m('-j.refunds')} || ' reduces what is paid out'
           WHEN 'FEE_MISMATCH' THEN 'the fee charged, ' || ${m('a0.actual_fee')} || ', is not ' || ${percent('f.fee_bps')} || '% of the ' || ${m('j.invoiced')}
             || ' invoiced (' || ${m('a0.fee_on_invoiced')} || '): ' || ${m('a0.actual_fee - a0.fee_on_invoiced')}
             || CASE WHEN a0.actual_fee > a0.fee_on_invoiced THEN ' too much' ELSE ' too little' END
           WHEN 'MATCHED' THEN NULL
           ELSE CASE WHEN j.invoiced <> g.gross THEN 'the buyer was invoiced ' || ${m('j.invoiced - g.gross')} || ' against what was expected' END END,
         CASE WHEN st.status = 'REFUND' AND j.disbursed <> a0.feed_net
                THEN 'disbursed differs from the feed''s own net ' || ${m('a0.feed_net')} || ' by ' || ${m('j.disbursed - a0.feed_net')}
              WHEN st.status IN ('SHORT_PAID', 'OVER_PAID') AND j.disbursed < a0.feed_net
                THEN ${m('a0.feed_net - j.disbursed')} || ' of the invoiced net is not disbursed yet'
              WHEN st.status IN ('SHORT_PAID', 'OVER_PAID') AND j.disbursed > a0.feed_net
                THEN ${m('j.disbursed - a0.feed_net')} || ' more was disbursed than the feed''s net' END,
         CASE st.status WHEN 'SHORT_PAID' THEN 'short by ' || ${m('-a.variance')} WHEN 'OVER_PAID' THEN 'over by ' || ${m('a.variance')} END) END AS result OFFSET 0) r
   CROSS JOIN LATERAL (
     SELECT CASE WHEN x.reason IS NOT NULL THEN 'UNMATCHED' ELSE st.status END::"ReconciliationStatus" AS status,
            CASE WHEN x.reason IS NOT NULL THEN j.disbursed WHEN a0.empty THEN -a.net ELSE a.variance END AS variance,
            CASE WHEN x.reason IS NOT NULL THEN 'the billing feed has ' || j.ref || ' but ' || x.reason || '; ' || st.observed
                 ELSE 'agreement ' || j.marketplace_agreement_id || ' (' || f.fee_reason
                      || CASE WHEN s.due_minor IS NOT NULL THEN '; ' || s.words WHEN x.usage_priced THEN '; priced by usage, so what was invoiced is what is expected' ELSE '' END
                      || CASE WHEN g0.channel_share THEN '; a channel sale: the manufacturer''s share of ' || ${m('g0.contract_gross')} || ' less the reseller''s ' || j.markup_percent || '% markup' ELSE '' END
                      || ', matched by ' || j.matched_by || '): ' || r.result END AS explanation,
            CASE WHEN x.reason IS NOT NULL THEN 0 ELSE g.gross END AS expected_gross,
            CASE WHEN x.reason IS NOT NULL THEN 0 ELSE a.net END AS expected_net,
            CASE WHEN x.reason IS NOT NULL THEN 0 ELSE f.fee_bps END AS fee_bps,
            CASE WHEN x.reason IS NOT NULL THEN 'no agreement: no fee expected' ELSE f.fee_reason END AS fee_reason,
            CASE WHEN x.reason IS NOT NULL THEN NULL ELSE s.next_charge_date END AS next_charge_date OFFSET 0) v`;
}
