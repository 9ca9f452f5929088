import type { CreditLine } from '../attribution/attribution.types';

/** A ledger credit line with the two facts PAR/PIR need beside it. */
export interface DatedCreditLine extends CreditLine {
  occurredAt: Date;
  currency: string;
}

export type PeriodGranularity = 'MONTH' | 'QUARTER' | 'YEAR';

export interface PartnerRevenue {
  partnerId: string;
  period: string;
  currency: string;
  /** Partner-Attributed Revenue: the partner's sourced credit. */
  parMinor: bigint;
  /** Partner-Influenced Revenue: the partner's influenced credit. */
  pirMinor: bigint;
}

/** "2026-03", "2026-Q1" or "2026", in UTC so a period never depends on the server's time zone. */
export function periodKey(date: Date, granularity: PeriodGranularity): string {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  if (granularity === 'YEAR') return `${year}`;
  if (granularity === 'QUARTER') return `${year}-Q${Math.floor(month / 3) + 1}`;
  return `${year}-${String(month + 1).padStart(2, '0')}`;
}

/**
 * PAR and PIR per partner, period and currency. Kicker lines are left out:
 * they are payout on top of the revenue, not revenue, and counting them would
 * put a partner's PAR above the revenue it sourced. Reversals are negative
 * lines in the period the refund happened, so a refund lowers that period.
 * Currencies are never added together.
 */
export function partnerRevenueByPeriod(lines: readonly DatedCreditLine[], granularity: PeriodGranularity): PartnerRevenue[] {
  const totals = new Map<string, PartnerRevenue>();
  for (const line of lines) {
    if (line.kicker !== undefined) continue;
    const period = periodKey(line.occurredAt, granularity);
    const key = JSON.stringify([line.partnerId, period, line.currency]);
    const total = totals.get(key) ?? { partnerId: line.partnerId, period, currency: line.currency, parMinor: 0n, pirMinor: 0n };
    if (line.engagement === 'SOURCED') total.parMinor += line.amountMinor;
    else total.pirMinor += line.amountMinor;
    totals.set(key, total);
  }
  return [...totals.values()].sort(
    (a, b) => compare(a.partnerId, b.partnerId) || compare(a.period, b.period) || compare(a.currency, b.currency),
  );
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
