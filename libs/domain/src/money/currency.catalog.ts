/**
 * ISO 4217 minor-unit exponents. Money is stored as an integer count of minor
 * units, so every conversion between a decimal string and an integer needs to
 * know how many decimals the currency has: 2 for USD (cents), 0 for JPY,
 * 3 for BHD/KWD. An unknown code is refused rather than guessed, because a
 * typo such as "USS" would otherwise silently be treated as a 2-decimal
 * currency and credited.
 */
const ZERO_DECIMALS = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE_DECIMALS = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR_DECIMALS = 'CLF UYW';
const TWO_DECIMALS =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
  'CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD ' +
  'GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD ' +
  'MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP ' +
  'PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS ' +
  'TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD XCG YER ZAR ZMW ZWG';

const EXPONENTS: ReadonlyMap<string, number> = new Map([
  ...codes(TWO_DECIMALS, 2),
  ...codes(ZERO_DECIMALS, 0),
  ...codes(THREE_DECIMALS, 3),
  ...codes(FOUR_DECIMALS, 4),
]);

/** Every known code and its decimals: for checks that run where a function cannot (a feed's currencies, checked in SQL). */
export const CURRENCY_EXPONENTS: ReadonlyMap<string, number> = EXPONENTS;

function codes(list: string, exponent: number): [string, number][] {
  return list.split(' ').map((code) => [code, exponent]);
}

/** Number of decimals of the currency's minor unit (USD 2, JPY 0, KWD 3). Throws on an unknown code. */
export function minorUnitsOf(currency: string): number {
  const exponent = EXPONENTS.get(currency);
  if (exponent === undefined) {
    throw new RangeError(`unknown ISO 4217 currency "${currency}" (codes are three upper-case letters, e.g. USD)`);
  }
  return exponent;
}

export function isKnownCurrency(currency: string): boolean {
  return EXPONENTS.has(currency);
}

/** 10^exponent as a bigint: the number of minor units in one major unit. */
export function minorPerMajor(currency: string): bigint {
  return 10n ** BigInt(minorUnitsOf(currency));
}
