/**
 * The life of an MDF request, as people read it. Stored statuses change only
 * when someone acts; "expired" is derived from the clock, so an approved
 * request left unclaimed past its deadline reads as expired (and holds none of
 * its budget) without any job or endpoint having to run.
 */
export type MdfStoredStatus = 'SUBMITTED' | 'CHANGES_REQUESTED' | 'APPROVED' | 'REJECTED' | 'CLAIMED';
export type MdfClaimState = 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'PAID';
export type MdfShownStatus = MdfStoredStatus | 'EXPIRED' | 'CLAIM_APPROVED' | 'CLAIM_REJECTED' | 'PAID';

export interface MdfRequestFacts {
  status: MdfStoredStatus;
  claimDeadline: Date | null;
  claimStatus: MdfClaimState | null;
}

/** An approved request whose claim deadline has passed, with no claim, has expired. */
export function isMdfRequestExpired(request: MdfRequestFacts, now: Date): boolean {
  return request.status === 'APPROVED' && request.claimDeadline !== null && request.claimDeadline <= now;
}

export function mdfShownStatus(request: MdfRequestFacts, now: Date): MdfShownStatus {
  if (isMdfRequestExpired(request, now)) return 'EXPIRED';
  if (request.status !== 'CLAIMED' || request.claimStatus === null || request.claimStatus === 'SUBMITTED') return request.status;
  if (request.claimStatus === 'PAID') return 'PAID';
  return request.claimStatus === 'APPROVED' ? 'CLAIM_APPROVED' : 'CLAIM_REJECTED';
}

/** What a request holds of its budget now: nothing once expired, else what its decisions left it. */
export function mdfHeldMinor(request: MdfRequestFacts & { committedMinor: bigint }, now: Date): bigint {
  return isMdfRequestExpired(request, now) ? 0n : request.committedMinor;
}

/** How long a partner has to claim after its activity ends, unless alliance sets a deadline when approving. */
export const DEFAULT_MDF_CLAIM_DAYS = 60;

export function defaultClaimDeadline(endsAt: Date): Date {
  return new Date(endsAt.getTime() + DEFAULT_MDF_CLAIM_DAYS * 86_400_000);
}
