import { divideRounded } from '../money/rounding.mode';

/** A partner's credit on one agreement, beside what the agreement's reconciled items expected and received. */
export interface CreditAgainstPayout {
  partnerId: string;
  partnerName: string;
  currency: string;
  creditedMinor: bigint;
  /** The gross the agreement's items expected (the sum over its items). */
  expectedGrossMinor: bigint;
  /** The gross actually disbursed for them. */
  disbursedGrossMinor: bigint;
}

export interface PartnerNetRevenue {
  partnerId: string;
  partnerName: string;
  currency: string;
  creditedMinor: bigint;
  /** Each credit scaled to the share of its agreement's expected gross that was actually disbursed. */
  receivedMinor: bigint;
}

/**
 * Net revenue per partner and currency: a credit counts as received in the
 * proportion the marketplace actually disbursed the gross its agreement was
 * expected to bring (a refund of half the gross halves the credit
 * received), one rounding per credit, half-even. An agreement expected to
 * bring nothing yet (expected gross 0) has received nothing.
 */
export function partnerNetRevenue(credits: readonly CreditAgainstPayout[]): PartnerNetRevenue[] {
  const totals = new Map<string, PartnerNetRevenue>();
  for (const c of credits) {
    const key = `${c.partnerId}:${c.currency}`;
    const total = totals.get(key) ?? {
      partnerId: c.partnerId,
      partnerName: c.partnerName,
      currency: c.currency,
      creditedMinor: 0n,
      receivedMinor: 0n,
    };
    total.creditedMinor += c.creditedMinor;
    total.receivedMinor +=
      c.expectedGrossMinor === 0n ? 0n : divideRounded(c.creditedMinor * c.disbursedGrossMinor, c.expectedGrossMinor, 'HALF_EVEN');
    totals.set(key, total);
  }
  return [...totals.values()];
}
