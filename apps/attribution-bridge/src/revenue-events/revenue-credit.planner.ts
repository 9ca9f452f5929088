import type { Commitment as CommitmentRow, RevenueEvent } from '@bridge/database';
import { attributeRevenue, reverseCredits, type AttributionDecision, type CreditLine, type EngagementRules } from '@bridge/domain';
import { accountKey, type RevenueContext } from './revenue-context.repository';

export interface RevenueCreditPlan {
  event: RevenueEvent;
  customerId: string | null;
  listing: {
    id: string;
    deployedOnAws: boolean;
    azureBenefitEligible: boolean;
    gcpCommitEligible: boolean;
    commitEligibleSince: Date | null;
  } | null;
  commitments: CommitmentRow[];
  lines: CreditLine[];
  /** Present when the rules ran (not for a reversal, which follows the original decision). */
  decision?: AttributionDecision;
  outcome: string;
}

/**
 * What one revenue event credits, decided without touching the database: a
 * purchase or usage by the rules of engagement; a refund or cancellation by
 * taking back the original purchase's lines in proportion.
 */
export function planRevenueCredit(event: RevenueEvent, context: RevenueContext, rules: EngagementRules): RevenueCreditPlan {
  const customer = context.customerOf.get(accountKey(event.cloud, event.customerAccountId)) ?? null;
  const listing = context.listingOf.get(accountKey(event.cloud, event.productId)) ?? null;
  const base = {
    event,
    customerId: customer?.id ?? null,
    listing,
    commitments: customer ? (context.commitmentsOf.get(customer.id) ?? []) : [],
  };
  if (event.amountMinor < 0n) {
    const original = event.reversesExternalId ? (context.originalCreditsOf.get(event.reversesExternalId) ?? []) : [];
    if (original.length === 0)
      return { ...base, lines: [], outcome: `nothing to take back: ${event.reversesExternalId} credited nobody or is unknown` };
    const lines = reverseCredits(original, event.amountMinor, `${event.kind.toLowerCase()} of ${event.reversesExternalId}`);
    return {
      ...base,
      lines,
      outcome: `${event.kind.toLowerCase()} takes back credit of ${event.reversesExternalId} by its original shares`,
    };
  }
  const decision = attributeRevenue(
    {
      kind: event.kind === 'USAGE' ? 'USAGE' : event.kind === 'AMENDMENT' ? 'AMENDMENT' : 'PURCHASE',
      cloud: event.cloud,
      sourceRef: event.externalId,
      customerId: customer?.id ?? null,
      listingId: listing?.id ?? null,
      amountMinor: event.amountMinor,
      currency: event.currency,
      occurredAt: event.occurredAt,
      resellerPartnerId: event.resellerAccountId
        ? (context.resellerOf.get(accountKey(event.cloud, event.resellerAccountId)) ?? null)
        : null,
      customerIsStrategic: customer?.strategic ?? false,
    },
    customer ? (context.registrationsOf.get(customer.id) ?? []) : [],
    rules,
  );
  return { ...base, lines: decision.credits, decision, outcome: `${decision.winner}: ${decision.reason}` };
}
