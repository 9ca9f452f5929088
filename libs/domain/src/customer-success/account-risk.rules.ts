import type { UsageHourFact } from './usage-adoption.calculator';

/**
 * Risk signals for a partner-led account, each with the reason a person can
 * act on. The usage rule compares, dimension by dimension, the last
 * `windowDays` days with the `windowDays` before them, and signals a fall of
 * at least `usageDropPercent` (CS_USAGE_DROP_PERCENT, 30 by default).
 */
export type RiskKind = 'USAGE_FALLING' | 'UNSUBSCRIBE_PENDING' | 'CANCELLED' | 'RENEWAL_DUE' | 'COMMITMENT_BEHIND_PACE';

export interface RiskSignal {
  kind: RiskKind;
  reason: string;
  /** The thing the signal is about: a dimension, an agreement, a subscription, a commitment. */
  subject: string;
  /** For RENEWAL_DUE: the 30/60/90-day band the end falls in. */
  withinDays?: 30 | 60 | 90;
}

export interface AccountFacts {
  usage: readonly UsageHourFact[];
  subscriptions: readonly { id: string; status: string; endingAt: Date | null }[];
  agreements: readonly {
    id: string;
    marketplaceAgreementId: string;
    status: string;
    endsAt: Date | null;
    renewed: boolean;
    updatedAt: Date;
  }[];
  commitments: readonly { id: string; kind: string; onTrack: boolean; reason: string; endsAt: Date; startsAt: Date }[];
}

export interface RiskSettings {
  usageDropPercent: number;
  windowDays: number;
  /** How long ago a cancellation still counts as a signal. */
  cancellationLookbackDays: number;
}

export const DEFAULT_RISK_SETTINGS: RiskSettings = { usageDropPercent: 30, windowDays: 14, cancellationLookbackDays: 90 };

const DAY_MS = 86_400_000;
const ENDED = new Set(['CANCELLED', 'TERMINATED']);
const LIVE = new Set(['ACTIVE']);

export function accountRiskSignals(facts: AccountFacts, asOf: Date, settings: RiskSettings = DEFAULT_RISK_SETTINGS): RiskSignal[] {
  return [
    ...usageFalling(facts.usage, asOf, settings),
    ...facts.subscriptions
      .filter((s) => s.status === 'UNSUBSCRIBE_PENDING')
      .map((s) => ({
        kind: 'UNSUBSCRIBE_PENDING' as const,
        subject: s.id,
        reason: `the buyer unsubscribed: metering ends${s.endingAt ? ` ${s.endingAt.toISOString().slice(0, 10)}` : ' soon'}`,
      })),
    ...facts.agreements
      .filter((a) => ENDED.has(a.status) && asOf.getTime() - a.updatedAt.getTime() <= settings.cancellationLookbackDays * DAY_MS)
      .map((a) => ({
        kind: 'CANCELLED' as const,
        subject: a.marketplaceAgreementId,
        reason: `agreement ${a.marketplaceAgreementId} was ${a.status.toLowerCase()} on ${a.updatedAt.toISOString().slice(0, 10)}`,
      })),
    ...facts.agreements.flatMap((a) => renewalDue(a, asOf)),
    ...facts.commitments
      .filter((c) => !c.onTrack && c.startsAt <= asOf && c.endsAt > asOf)
      .map((c) => ({
        kind: 'COMMITMENT_BEHIND_PACE' as const,
        subject: c.id,
        reason: `${c.kind} commitment behind its pace: ${c.reason}`,
      })),
  ];
}

function renewalDue(a: AccountFacts['agreements'][number], asOf: Date): RiskSignal[] {
  if (!LIVE.has(a.status) || a.renewed || !a.endsAt) return [];
  const days = (a.endsAt.getTime() - asOf.getTime()) / DAY_MS;
  if (days < 0 || days > 90) return [];
  const withinDays = days <= 30 ? 30 : days <= 60 ? 60 : 90;
  return [
    {
      kind: 'RENEWAL_DUE',
      subject: a.marketplaceAgreementId,
      withinDays,
      reason: `agreement ${a.marketplaceAgreementId} ends ${a.endsAt.toISOString().slice(0, 10)} (within ${withinDays} days) and no renewal has been accepted`,
    },
  ];
}

function usageFalling(usage: readonly UsageHourFact[], asOf: Date, settings: RiskSettings): RiskSignal[] {
  const end = asOf.getTime();
  const window = settings.windowDays * DAY_MS;
  const recent = new Map<string, bigint>();
  const before = new Map<string, bigint>();
  for (const h of usage) {
    const age = end - h.hour.getTime();
    if (age <= 0) continue;
    const into = age <= window ? recent : age <= 2 * window ? before : null;
    into?.set(h.dimension, (into.get(h.dimension) ?? 0n) + h.quantity);
  }
  const signals: RiskSignal[] = [];
  for (const [dimension, earlier] of [...before.entries()].sort()) {
    if (earlier <= 0n) continue;
    const now = recent.get(dimension) ?? 0n;
    const dropPercent = Number(((earlier - now) * 100n) / earlier);
    if (dropPercent >= settings.usageDropPercent)
      signals.push({
        kind: 'USAGE_FALLING',
        subject: dimension,
        reason: `${dimension} usage of the last ${settings.windowDays} days (${now}) is ${dropPercent}% below the ${settings.windowDays} days before (${earlier}); the threshold is ${settings.usageDropPercent}%`,
      });
  }
  return signals;
}
