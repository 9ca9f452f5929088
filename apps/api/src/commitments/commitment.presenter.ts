import type { Burndown } from '@bridge/domain';
import { presentAmount } from '../http/money.presenter';

interface CommitmentRow {
  id: string;
  customerId: string;
  cloud: string;
  kind: string;
  totalMinor: bigint;
  currency: string;
  startsAt: Date;
  endsAt: Date;
  marketplaceCapBps: number;
  closedAt?: Date | null;
  closedBy?: string | null;
  closeReason?: string | null;
}

export function presentCommitment(c: CommitmentRow) {
  return {
    id: c.id,
    customerId: c.customerId,
    cloud: c.cloud,
    kind: c.kind,
    total: presentAmount(c.totalMinor, c.currency),
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
    marketplaceCapBps: c.marketplaceCapBps,
    closed: c.closedAt ? { at: c.closedAt.toISOString(), by: c.closedBy ?? null, reason: c.closeReason ?? null } : null,
  };
}

export function presentBurndown(
  c: CommitmentRow,
  burndown: Burndown,
  asOf: Date,
  entries: {
    invoiceDate: Date;
    drawnMinor: bigint;
    eligibleMinor: bigint;
    partnerId: string | null;
    agreementId: string | null;
    reason: string;
  }[],
) {
  const money = (minor: bigint) => presentAmount(minor, c.currency);
  return {
    commitment: presentCommitment(c),
    asOf: asOf.toISOString(),
    drawnToDate: money(burndown.drawnToDateMinor),
    remaining: money(burndown.remainingMinor),
    partnerDriven: money(burndown.partnerDrivenMinor),
    partnerShareBps: burndown.partnerShareBps,
    monthsLeft: burndown.monthsLeft,
    pacePerMonth: money(burndown.pacePerMonthMinor),
    forecastAtEnd: money(burndown.forecastAtEndMinor),
    onTrack: burndown.onTrack,
    reason: burndown.reason,
    points: burndown.points.map((p) => ({
      month: p.monthStart.toISOString().slice(0, 7),
      drawn: money(p.drawnMinor),
      cumulative: money(p.cumulativeMinor),
      remaining: money(p.remainingMinor),
      partnerDrivenCumulative: money(p.partnerDrivenCumulativeMinor),
    })),
    drawdowns: entries.map((e) => ({
      invoiceDate: e.invoiceDate.toISOString(),
      drawn: money(e.drawnMinor),
      eligible: money(e.eligibleMinor),
      partnerId: e.partnerId,
      agreementId: e.agreementId,
      reason: e.reason,
    })),
  };
}
