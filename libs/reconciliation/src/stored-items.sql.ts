/**
 * The SQL of judging stored items again from what they store (the instalment
 * sweep, a disbursement failing later, an agreement recorded after the feed):
 * the items as a verdict source, which ones, and the verdicts written back.
 * $1 is the cloud.
 */

/**
 * Stored items as they are judged again from what they store, as a verdict
 * source (VERDICT_SOURCE_COLUMNS, with their agreement as it is now), plus
 * the schedule columns scheduledAgreements reads. \`where\` picks the items.
 */
export const storedItemsSource = (where: string) => `
  SELECT i.transaction_reference_id AS ref, i.currency::text AS currency, i.currency::text AS other_currency, i.end_user_account_id AS end_user,
         i.product_id AS product, i.invoiced_gross_minor AS invoiced, i.fee_minor AS fee, i.refunds_minor AS refunds, i.disbursed_minor AS disbursed,
         a.id AS agreement_id, a.marketplace_agreement_id, i.matched_by, a.value_minor, a.currency::text AS agreement_currency, a.intent::text AS intent,
         a.resale_authorization_id, o.kind::text AS offer_kind, ot.markup_percent::text AS markup_percent,
         ot.payment_schedule IS NOT NULL AND jsonb_typeof(ot.payment_schedule::jsonb) <> 'null' AS scheduled, ot.payment_schedule::text AS payment_schedule
    FROM reconciliation_item i
    LEFT JOIN agreement a ON a.id = i.agreement_id
    LEFT JOIN offer o ON o.id = a.offer_id
    LEFT JOIN offer_terms ot ON ot.offer_id = a.offer_id
   WHERE ${where}`;

/** Stored items to judge again, kept for the statement that judges them: the ones a failure undisbursed ($2: their references). */
export const STORED_BY_REF = `i.cloud = $1::"Cloud" AND i.transaction_reference_id = ANY($2::text[])`;

/**
 * A cloud's items whose next instalment has fallen due by $2, to be judged
 * again. A page at a time: judging moves an item's next charge date past
 * $2, so it does not come back.
 */
export const DUE_INSTALMENTS_PAGE = 2000;
export const DUE_INSTALMENTS = `i.transaction_reference_id IN (
  SELECT d.transaction_reference_id FROM reconciliation_item d
   WHERE d.cloud = $1::"Cloud" AND d.next_charge_date IS NOT NULL AND d.next_charge_date <= $2::date
   ORDER BY d.transaction_reference_id LIMIT ${DUE_INSTALMENTS_PAGE}) AND i.cloud = $1::"Cloud"`;

/** Items judged again (a verdict query over storedItemsSource) written back. */
export const updateJudgedAgain = (verdicts: string) => `
  UPDATE reconciliation_item i
     SET status = v.status, variance_minor = v.variance, explanation = v.explanation, expected_gross_minor = v.expected_gross,
         expected_net_minor = v.expected_net, fee_bps = v.fee_bps, fee_reason = v.fee_reason, next_charge_date = v.next_charge_date, reconciled_at = now()
    FROM (${verdicts}) v
   WHERE i.cloud = $1::"Cloud" AND i.transaction_reference_id = v.ref`;
