import { minorUnitsOf } from '../money/currency.catalog';
import { parseScaledDecimal } from '../money/decimal.parser';
import { divideRounded } from '../money/rounding.mode';
import { listingFee, type ListingFee } from './listing-fee.schedule';

/** What the fee of one agreement depends on, whatever its cloud and currency. */
export interface AgreementFeeFacts {
  cloud: 'AWS' | 'AZURE' | 'GCP';
  offerType: 'PUBLIC' | 'PRIVATE';
  isChannel: boolean;
  isRenewal: boolean;
  contractValueMinor: bigint;
  currency: string;
}

/**
 * Microsoft's standard store service fee for transactable SaaS, Azure
 * Applications and VM offers, multiparty private offers included: 3%.
 */
export const AZURE_STORE_SERVICE_FEE: ListingFee = { feeBps: 300, reason: 'Azure Marketplace store service fee: 3%' };

/**
 * A contract value in another currency, in USD cents, at `usdPerUnit` US
 * dollars for one unit of the currency ("1.08" for EUR). Exact decimal
 * arithmetic, rounded half-even once.
 */
export function toUsdMinor(valueMinor: bigint, currency: string, usdPerUnit: string): bigint {
  if (currency === 'USD') return valueMinor;
  const rate = parseScaledDecimal(usdPerUnit);
  if (rate.digits <= 0n) throw new RangeError(`a USD rate for ${currency} must be positive, not ${usdPerUnit}`);
  // value / 10^exp units * rate.digits / 10^scale USD/unit * 100 cents/USD
  const numerator = valueMinor * rate.digits * 100n;
  const denominator = 10n ** BigInt(minorUnitsOf(currency) + rate.scale);
  return divideRounded(numerator, denominator);
}

/**
 * The fee the marketplace should take on one agreement. AWS tiers are stated
 * in US dollars, so a contract in another currency is placed in its tier by
 * its USD value at the given rates; the fee itself is then a percentage of
 * the amounts in the agreement's own currency. Without a rate the tier cannot
 * be known and the error says which rate is missing.
 */
export function marketplaceFee(facts: AgreementFeeFacts, usdRates: Readonly<Record<string, string>> = {}): ListingFee {
  if (facts.cloud === 'AZURE') return AZURE_STORE_SERVICE_FEE;
  let valueUsd = facts.contractValueMinor;
  let converted = '';
  if (facts.currency !== 'USD') {
    const rate = usdRates[facts.currency];
    if (rate === undefined)
      throw new RangeError(`no USD rate for ${facts.currency}: the fee tier of a ${facts.currency} contract cannot be placed`);
    valueUsd = toUsdMinor(facts.contractValueMinor, facts.currency, rate);
    converted = ` (contract value taken as ${valueUsd / 100n} USD at ${rate} USD per ${facts.currency})`;
  }
  const fee = listingFee({
    offerType: facts.isChannel ? 'PRIVATE' : facts.offerType,
    contractValueMinor: valueUsd,
    isRenewal: facts.isRenewal,
    isChannel: facts.isChannel,
  });
  return { feeBps: fee.feeBps, reason: fee.reason + converted };
}
