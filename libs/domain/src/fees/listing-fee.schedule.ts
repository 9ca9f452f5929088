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

/** A public offer's fee, new or renewed. */
export const PUBLIC_OFFER_FEE: ListingFee = { feeBps: 300, reason: 'public offer: 3%' };
/** A private offer's renewal, whatever its value. */
export const PRIVATE_RENEWAL_FEE: ListingFee = { feeBps: 150, reason: 'private offer renewal: 1.5%' };
/**
 * A new private offer's tiers by contract value in USD cents, lowest first:
 * each applies from `fromUsdMinor`. Exported so that matching in SQL places a
 * contract in the same tier from the same numbers.
 */
export const PRIVATE_OFFER_TIERS: readonly (ListingFee & { fromUsdMinor: bigint })[] = [
  { fromUsdMinor: 0n, feeBps: 300, reason: 'private offer under $1M: 3%' },
  { fromUsdMinor: 100_000_000n, feeBps: 200, reason: 'private offer from $1M to under $10M: 2%' },
  { fromUsdMinor: 1_000_000_000n, feeBps: 150, reason: 'private offer of $10M or more: 1.5%' },
];
/** What a channel offer (CPPO, Azure MPO) adds to the private offer's fee. */
export const CHANNEL_UPLIFT = { feeBps: 50, reason: ', plus 0.5% for a channel offer' } as const;

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
    return { ...PUBLIC_OFFER_FEE };
  }
  const base = privateBase(input);
  if (!input.isChannel) return base;
  return { feeBps: base.feeBps + CHANNEL_UPLIFT.feeBps, reason: base.reason + CHANNEL_UPLIFT.reason };
}

export function listingFeeBps(input: ListingFeeInput): number {
  return listingFee(input).feeBps;
}

function privateBase({ contractValueMinor, isRenewal }: ListingFeeInput): ListingFee {
  if (isRenewal) return { ...PRIVATE_RENEWAL_FEE };
  const tier = PRIVATE_OFFER_TIERS.filter((t) => contractValueMinor >= t.fromUsdMinor).at(-1) ?? PRIVATE_OFFER_TIERS[0];
  return { feeBps: tier.feeBps, reason: tier.reason };
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
