/**
 * Metered usage against what a contract includes, per dimension. Pure: the
 * caller passes the included quantity and the usage it summed over the
 * agreement's term so far. Quantities are whole units (bigint).
 */
export type IncludedUsageState = 'OVER' | 'AT' | 'UNDER';

export interface IncludedUsage {
  included: string;
  used: string;
  /** used / included in percent, one decimal, rounded down ("112.5"); null when nothing is included (no percent of zero). */
  percentUsed: string | null;
  /** OVER: used beyond what is included (an overage, or an upsell to talk about); UNDER: bought and not used (adoption to help). */
  state: IncludedUsageState;
  /** How far from the included quantity, always positive: the overage when OVER, what is left when UNDER. */
  differenceQuantity: string;
}

export function usageAgainstIncluded(included: bigint, used: bigint): IncludedUsage {
  const state: IncludedUsageState = used > included ? 'OVER' : used === included ? 'AT' : 'UNDER';
  return {
    included: included.toString(),
    used: used.toString(),
    percentUsed: included > 0n ? tenths((used * 1000n) / included) : null,
    state,
    differenceQuantity: (used > included ? used - included : included - used).toString(),
  };
}

/**
 * An Azure SaaS subscription includes its plan's seats (the Fulfillment API's
 * `quantity`); usage is compared with it under this dimension name, which is
 * what an ISV metering per-seat usage reports. A plan without seats includes none.
 */
export const AZURE_SEATS_DIMENSION = 'seats';

export function azureIncludedQuantities(quantity: number | null | undefined): Record<string, string> | null {
  return quantity === null || quantity === undefined ? null : { [AZURE_SEATS_DIMENSION]: String(quantity) };
}

function tenths(value: bigint): string {
  return `${value / 10n}.${value % 10n}`;
}
