/**
 * How many billing terms an Azure SaaS subscription has been charged for:
 * from the start of its first term to the end of its current one, in whole
 * terms of its length (P1M, P1Y, P2Y, P3Y...). A Renew moves the current
 * term's end on by one term, so the count grows by one with each renewal
 * and is the same however often the subscription is read back. Azure's own
 * terms end a day short of the next start (2026-11-02 to 2026-12-01), so
 * calendar months are counted and the day of the month left out. Anything
 * unknown or inconsistent counts as the one term being charged.
 */
export function azureTermsCharged(firstTermStart: Date | null, currentTermEnd: Date | null, termUnit: string | null): number {
  const months = termMonths(termUnit);
  if (!firstTermStart || !currentTermEnd || months === null || currentTermEnd <= firstTermStart) return 1;
  const elapsed =
    (currentTermEnd.getUTCFullYear() - firstTermStart.getUTCFullYear()) * 12 +
    (currentTermEnd.getUTCMonth() - firstTermStart.getUTCMonth());
  return Math.max(1, Math.round(elapsed / months));
}

/** The length of a term in months (ISO 8601 durations as the SaaS Fulfillment API writes them), or null when not one. */
function termMonths(termUnit: string | null): number | null {
  const match = /^P(\d+)([MY])$/.exec(termUnit ?? '');
  if (!match) return null;
  const months = Number(match[1]) * (match[2] === 'Y' ? 12 : 1);
  return months > 0 ? months : null;
}
