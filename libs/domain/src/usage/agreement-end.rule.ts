/**
 * Agreement statuses (AWS Agreement API, DescribeAgreement `status`) after
 * which the buyer's metered usage stops and only the final window remains.
 * RENEWED, REPLACED and SUPERSEDED are left out on purpose: a successor
 * agreement takes over the same licence, and usage goes on under it (the
 * licence's own end arrives as License Deprovisioned).
 */
const ENDS_USAGE = new Set(['CANCELLED', 'EXPIRED', 'TERMINATED', 'ROLLED_BACK', 'ARCHIVED']);

export function agreementEndsMeteredUsage(status: string): boolean {
  return ENDS_USAGE.has(status);
}
