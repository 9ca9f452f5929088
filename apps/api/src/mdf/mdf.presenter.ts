import { mdfHeldMinor, mdfShownStatus, type MdfRoi } from '@bridge/domain';
import { presentAmount } from '../http/money.presenter';
import type { MdfRequestRow } from './mdf.repository';
import type { BudgetView, MdfRequestView } from './mdf.schemas';

const amountOrNull = (minor: bigint | null, currency: string) => (minor === null ? null : presentAmount(minor, currency));

export function presentBudget(
  row: {
    id: string;
    period: string;
    tier: string | null;
    partnerId: string | null;
    amountMinor: bigint;
    currency: string;
    createdBy: string;
  },
  heldMinor: bigint,
): BudgetView {
  return {
    id: row.id,
    period: row.period,
    tier: row.tier,
    partnerId: row.partnerId,
    amount: presentAmount(row.amountMinor, row.currency),
    held: presentAmount(heldMinor, row.currency),
    available: presentAmount(row.amountMinor - heldMinor, row.currency),
    createdBy: row.createdBy,
  };
}

/** A request as people read it: its status derived from the clock (EXPIRED) and what it holds of its budget now. */
export function presentRequest(row: MdfRequestRow, now = new Date()): MdfRequestView {
  const facts = { status: row.status, claimDeadline: row.claimDeadline, claimStatus: row.claim?.status ?? null };
  const claim = row.claim;
  return {
    id: row.id,
    partnerId: row.partnerId,
    budgetId: row.budgetId,
    period: row.period,
    kind: row.kind,
    title: row.title,
    plan: row.plan,
    targetCustomerIds: row.targetCustomerIds,
    targetSegment: row.targetSegment,
    status: mdfShownStatus(facts, now),
    requested: presentAmount(row.requestedMinor, row.currency),
    approved: amountOrNull(row.approvedMinor, row.currency),
    held: presentAmount(mdfHeldMinor({ ...facts, committedMinor: row.committedMinor }, now), row.currency),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    claimDeadline: row.claimDeadline?.toISOString() ?? null,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionReason: row.decisionReason,
    createdAt: row.createdAt.toISOString(),
    claim: claim && {
      id: claim.id,
      status: claim.status,
      claimed: presentAmount(claim.claimedMinor, claim.currency),
      approved: amountOrNull(claim.approvedMinor, claim.currency),
      leadsReached: claim.leadsReached,
      customersReached: claim.customersReached,
      summary: claim.summary,
      submittedAt: claim.submittedAt.toISOString(),
      decidedBy: claim.decidedBy,
      decidedAt: claim.decidedAt?.toISOString() ?? null,
      decisionReason: claim.decisionReason,
      paidBy: claim.paidBy,
      paidAt: claim.paidAt?.toISOString() ?? null,
      paymentReference: claim.paymentReference,
      attachments: claim.attachments.map((a) => ({ ...a, uploadedAt: a.uploadedAt.toISOString() })),
    },
  };
}

export function presentRoi(roi: MdfRoi, currency: string) {
  return {
    spent: presentAmount(roi.spentMinor, currency),
    pipeline: presentAmount(roi.pipelineMinor, currency),
    creditedRevenue: presentAmount(roi.creditedMinor, currency),
    revenuePerMdfDollar: roi.revenuePerMdfDollar,
  };
}
