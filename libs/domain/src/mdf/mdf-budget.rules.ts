/**
 * Approving against a budget: an approval may take at most what the budget
 * has left, where "left" is the budget less what every other request holds.
 * The caller must read `heldMinor` under a lock on the budget row, so two
 * approvals at once cannot both see the same remainder.
 */
export interface MdfApprovalCheck {
  budgetMinor: bigint;
  heldMinor: bigint;
  requestedMinor: bigint;
  approveMinor: bigint;
}

export type MdfApprovalVerdict = { ok: true; availableAfterMinor: bigint } | { ok: false; field: 'amount'; reason: string };

export function checkMdfApproval(check: MdfApprovalCheck): MdfApprovalVerdict {
  const available = check.budgetMinor - check.heldMinor;
  if (check.approveMinor <= 0n) return { ok: false, field: 'amount', reason: 'must be more than zero (reject the request instead)' };
  if (check.approveMinor > check.requestedMinor) return { ok: false, field: 'amount', reason: 'is more than the partner requested' };
  if (check.approveMinor > available)
    return {
      ok: false,
      field: 'amount',
      reason: `is more than the budget has left (${available < 0n ? 0n : available} minor units available)`,
    };
  return { ok: true, availableAfterMinor: available - check.approveMinor };
}

/** A claim may not ask, and its approval may not pay, more than the request was approved for. */
export function checkMdfClaimAmount(approvedMinor: bigint, amountMinor: bigint): string | null {
  if (amountMinor <= 0n) return 'must be more than zero';
  if (amountMinor > approvedMinor) return 'is more than the request was approved for';
  return null;
}

/** "2026-Q4": the quarter an activity starts in picks its budget (UTC). */
export function mdfPeriodOf(date: Date): string {
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

export const MDF_PERIOD_PATTERN = /^\d{4}-Q[1-4]$/;
