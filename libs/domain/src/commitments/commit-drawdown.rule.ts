import { FULL_BPS, assertBpsShares } from '../money/bps.allocator';
import { formatMinor } from '../money/minor.formatter';
import { divideRounded } from '../money/rounding.mode';
import type { Commitment, CommitmentKind } from './commitment.types';

export interface MarketplacePurchase {
  /** Pre-tax invoiced amount in the commitment's currency. */
  amountMinor: bigint;
  /** The cloud judges eligibility by invoice date, not by order or usage date. */
  invoiceDate: Date;
  /** AWS: the SaaS product is "Deployed on AWS" (required for EDP/PPA from May 2025). */
  deployedOnAws: boolean;
  /** Azure: the offer is "Azure benefit eligible". */
  azureBenefitEligible: boolean;
  /** When the offer became commit-eligible; spend before it never counts (no retroactive credit). */
  eligibleSince?: Date;
  /** Azure SaaS: the publisher's activation date, from which the purchase counts. */
  activationDate?: Date;
  /** Google Cloud: false for excluded spend (Maps, software not on Google Cloud, resale without opt-in, ...). */
  gcpEligible?: boolean;
}

export interface Drawdown {
  /** The part of the purchase the cloud's rules let count toward the commitment. */
  eligibleMinor: bigint;
  /** What it actually retires after the marketplace cap. */
  drawnMinor: bigint;
  reason: string;
}

/** From May 2025 AWS counts only SaaS "Deployed on AWS" toward EDP/PPA, judged by invoice date. */
export const AWS_DEPLOYED_ON_AWS_FROM = new Date('2025-05-01T00:00:00.000Z');

const CLOUD_OF: Record<CommitmentKind, Commitment['cloud']> = { EDP: 'AWS', PPA: 'AWS', MACC: 'AZURE', GCP: 'GCP' };
const DEFAULT_CAP_BPS: Record<CommitmentKind, number> = { EDP: 2500, PPA: 2500, MACC: FULL_BPS, GCP: FULL_BPS };

/**
 * How much of one marketplace purchase retires a customer's cloud commitment.
 * Eligible spend counts at 100% (all three clouds), but only inside the
 * commitment term by invoice date, only if the cloud's eligibility rule holds,
 * and never beyond what the marketplace cap has left.
 *
 * A refund is not drawn down here: reverse the original drawdown entry, as
 * the cloud takes back what it counted rather than re-judging eligibility.
 */
export function drawdownFor({ commitment, purchase }: { commitment: Commitment; purchase: MarketplacePurchase }): Drawdown {
  if (CLOUD_OF[commitment.kind] !== commitment.cloud) {
    throw new RangeError(`a ${commitment.kind} commitment belongs to ${CLOUD_OF[commitment.kind]}, not ${commitment.cloud}`);
  }
  if (purchase.amountMinor < 0n) throw new RangeError('a negative purchase reverses its original drawdown; it is not drawn down');
  const refusal = ineligibility(commitment, purchase);
  if (refusal) return { eligibleMinor: 0n, drawnMinor: 0n, reason: refusal };

  const capBps = commitment.marketplaceCapBps ?? DEFAULT_CAP_BPS[commitment.kind];
  assertBpsShares([{ bps: capBps }], 'marketplaceCapBps');
  const capMinor = divideRounded(commitment.totalMinor * BigInt(capBps), BigInt(FULL_BPS), 'DOWN');
  const room = capMinor - commitment.alreadyDrawnMarketplaceMinor;
  const eligible = purchase.amountMinor;
  const money = (minor: bigint) => formatMinor(minor, commitment.currency ?? 'USD', { withCode: true });
  if (room <= 0n) {
    return { eligibleMinor: eligible, drawnMinor: 0n, reason: `eligible, but the ${percent(capBps)} marketplace cap is already used up` };
  }
  if (eligible > room) {
    return {
      eligibleMinor: eligible,
      drawnMinor: room,
      reason: `eligible; only ${money(room)} of ${money(eligible)} retires the commitment before it reaches the ${percent(capBps)} marketplace cap`,
    };
  }
  return { eligibleMinor: eligible, drawnMinor: eligible, reason: `${kindRule(commitment.kind)}: counts 100%` };
}

function ineligibility(commitment: Commitment, purchase: MarketplacePurchase): string | null {
  const invoiced = purchase.invoiceDate.getTime();
  const day = (date: Date) => date.toISOString().slice(0, 10);
  if (invoiced < commitment.startsAt.getTime())
    return `invoiced ${day(purchase.invoiceDate)}, before the commitment starts (${day(commitment.startsAt)})`;
  if (invoiced >= commitment.endsAt.getTime())
    return `invoiced ${day(purchase.invoiceDate)}, after the commitment ended (${day(commitment.endsAt)})`;
  if (purchase.eligibleSince && invoiced < purchase.eligibleSince.getTime()) {
    return `invoiced ${day(purchase.invoiceDate)}, before the offer became eligible (${day(purchase.eligibleSince)}); never retroactive`;
  }
  switch (commitment.kind) {
    case 'EDP':
    case 'PPA':
      if (invoiced >= AWS_DEPLOYED_ON_AWS_FROM.getTime() && !purchase.deployedOnAws) {
        return `invoiced ${day(purchase.invoiceDate)}: since May 2025 only SaaS "Deployed on AWS" counts toward ${commitment.kind}`;
      }
      return null;
    case 'MACC':
      if (!purchase.azureBenefitEligible) return 'the offer is not "Azure benefit eligible"';
      if (purchase.activationDate && invoiced < purchase.activationDate.getTime()) {
        return `invoiced ${day(purchase.invoiceDate)}, before the publisher activated the subscription (${day(purchase.activationDate)})`;
      }
      return null;
    case 'GCP':
      return purchase.gcpEligible === false
        ? 'excluded from the Google Cloud commit (e.g. Maps, not running on Google Cloud, resale without opt-in)'
        : null;
  }
}

function kindRule(kind: CommitmentKind): string {
  return {
    EDP: 'AWS EDP: eligible marketplace spend',
    PPA: 'AWS PPA: eligible marketplace spend',
    MACC: 'Azure MACC: Azure benefit eligible purchase',
    GCP: 'Google Cloud commit: eligible marketplace spend',
  }[kind];
}

const percent = (bps: number) => `${bps / 100}%`;
