import { FULL_BPS } from '../money/bps.allocator';
import { divideRounded, type RoundingMode } from '../money/rounding.mode';

export interface ListingFeeInput {
  offerType: 'PUBLIC' | 'PRIVATE';
  /** Pre-tax total contract value in USD cents: AWS states the tier thresholds in US dollars. */
  contractValueMinor: bigint;
  isRenewal: boolean;
  /** A channel offer (CPPO / Azure MPO), which is always a private offer. */
  isChannel: boolean;
  /** Defaults to USD; any other currency is refused because the thresholds would be wrong. */
  currency?: string;
}

export interface ListingFee {
  feeBps: number;
  reason: string;
}

const ONE_MILLION_USD = 100_000_000n;
const TEN_MILLION_USD = 1_000_000_000n;
const CHANNEL_UPLIFT_BPS = 50;

/**
 * AWS Marketplace SaaS listing fee since January 2024 (MARKETPLACE.md):
 * public offers 3%; private offers 3% under $1M, 2% from $1M to under $10M,
 * 1.5% from $10M; renewals 1.5%; channel offers 0.5% more.
 * "Renewals 1.5%" is read as applying to private (and channel) offers, which
 * is where AWS introduced it; a public listing is 3% whether new or renewed.
 */
export function listingFee(input: ListingFeeInput): ListingFee {
  const currency = input.currency ?? 'USD';
  if (currency !== 'USD') {
    throw new RangeError(`listing fee tiers are in USD; convert the ${currency} contract value to USD cents first`);
  }
  if (input.contractValueMinor < 0n) throw new RangeError('contract value cannot be negative');
  if (input.offerType === 'PUBLIC') {
    if (input.isChannel) throw new RangeError('a channel offer is a private offer, not a public one');
    return { feeBps: 300, reason: 'public offer: 3%' };
  }
  const base = privateBase(input);
  if (!input.isChannel) return base;
  return { feeBps: base.feeBps + CHANNEL_UPLIFT_BPS, reason: `${base.reason}, plus 0.5% for a channel offer` };
}

export function listingFeeBps(input: ListingFeeInput): number {
  return listingFee(input).feeBps;
}

function privateBase({ contractValueMinor, isRenewal }: ListingFeeInput): ListingFee {
  if (isRenewal) return { feeBps: 150, reason: 'private offer renewal: 1.5%' };
  if (contractValueMinor < ONE_MILLION_USD) return { feeBps: 300, reason: 'private offer under $1M: 3%' };
  if (contractValueMinor < TEN_MILLION_USD) return { feeBps: 200, reason: 'private offer from $1M to under $10M: 2%' };
  return { feeBps: 150, reason: 'private offer of $10M or more: 1.5%' };
}

/** The marketplace fee on a gross amount, rounded half-even; symmetric, so a refund returns the fee it charged. */
export function expectedFeeMinor(grossMinor: bigint, feeBps: number, rounding: RoundingMode = 'HALF_EVEN'): bigint {
  if (!Number.isInteger(feeBps) || feeBps < 0 || feeBps > FULL_BPS) throw new RangeError(`fee of ${feeBps} bps is not valid`);
  return divideRounded(grossMinor * BigInt(feeBps), BigInt(FULL_BPS), rounding);
}

/** What the seller keeps: gross minus the fee, so fee + seller share is exactly the gross. */
export function expectedSellerShare(grossMinor: bigint, feeBps: number, rounding: RoundingMode = 'HALF_EVEN'): bigint {
  return grossMinor - expectedFeeMinor(grossMinor, feeBps, rounding);
}
