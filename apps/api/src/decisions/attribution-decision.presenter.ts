import type { DecisionRow } from './attribution-decision.repository';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * A decision with the rule that made it (each credit line's rule id) and the
 * version of the rules of engagement in force. To a partner it shows its own
 * credit lines only, and names no other partner: their ids in the reason
 * read "another partner".
 */
export function presentDecision(row: DecisionRow, scope: string | null) {
  const known = new Set([scope, row.customer_id, row.listing_id].filter(Boolean));
  const lines = scope ? row.credits.filter((c) => c.partnerId === scope) : row.credits;
  const redact = (text: string) => (scope ? text.replace(UUID, (id) => (known.has(id.toLowerCase()) ? id : 'another partner')) : text);
  return {
    id: row.id,
    subject: row.subject_key,
    customerId: row.customer_id,
    listingId: row.listing_id,
    winner: row.winner,
    reason: redact(row.reason),
    ruleSetVersion: row.rule_set_version,
    decidedAt: row.decided_at.toISOString(),
    ...(scope ? { creditedToYou: lines.length > 0 } : {}),
    credits: lines.map((c) => ({
      partnerId: c.partnerId,
      engagement: c.engagement,
      shareBps: c.shareBps,
      amountMinor: c.amountMinor,
      ruleId: c.ruleId,
      kicker: c.kicker ?? null,
      reason: redact(c.reason),
    })),
  };
}
