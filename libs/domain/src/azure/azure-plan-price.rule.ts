import { parseDecimalToMinor } from '../money/decimal.parser';

/**
 * An Azure SaaS plan's price as the product records it on the offer's
 * listing: one listing dimension per plan, keyed by the plan id, its unit
 * `plan <term>` or `plan <term> per seat` (term P1M or P1Y) and its price per
 * billing term.
 */
export interface AzurePlanPriceRow {
  key: string;
  unit: string;
  unitPrice: string;
  currency: string;
}

export const AZURE_PLAN_TERMS = ['P1M', 'P1Y'] as const;
export type AzurePlanTerm = (typeof AZURE_PLAN_TERMS)[number];

export function azurePlanUnit(term: AzurePlanTerm, perSeat: boolean): string {
  return `plan ${term}${perSeat ? ' per seat' : ''}`;
}

export function isAzurePlanUnit(unit: string): boolean {
  return /^plan P1[MY]( per seat)?$/.test(unit);
}

/**
 * What one billing term of a subscription to `planId` is worth: the plan's
 * price, times the seats when it is priced per seat (a missing quantity is
 * one seat). Null when the listing does not price that plan: the agreement is
 * then recorded at zero and says so, never at a guessed price.
 */
export function azureSubscriptionValue(
  plans: readonly AzurePlanPriceRow[],
  planId: string,
  quantity: number | null,
): { valueMinor: bigint; currency: string; term: AzurePlanTerm } | null {
  const plan = plans.find((p) => p.key === planId && isAzurePlanUnit(p.unit));
  if (!plan) return null;
  const perSeat = plan.unit.endsWith('per seat');
  const seats = BigInt(perSeat ? Math.max(quantity ?? 1, 0) : 1);
  return {
    valueMinor: parseDecimalToMinor(plan.unitPrice, plan.currency) * seats,
    currency: plan.currency.trim(),
    term: plan.unit.includes('P1Y') ? 'P1Y' : 'P1M',
  };
}
