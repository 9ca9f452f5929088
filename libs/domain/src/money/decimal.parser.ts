import { minorUnitsOf } from './currency.catalog';
import { divideRounded, type RoundingMode } from './rounding.mode';

/** A decimal string taken apart exactly: value = digits / 10^scale. */
export interface ScaledDecimal {
  readonly digits: bigint;
  readonly scale: number;
}

// Plain decimal notation only: no thousands separators, exponents or blanks,
// because feeds that send "1,000.00" or "1e3" need an explicit decision, not a guess.
const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

export function parseScaledDecimal(value: string): ScaledDecimal {
  const match = DECIMAL.exec(value);
  if (!match) throw new SyntaxError(`"${value}" is not a plain decimal number such as 12000.50`);
  const [, sign, whole, fraction = ''] = match;
  const digits = BigInt(whole + fraction);
  return { digits: sign === '-' ? -digits : digits, scale: fraction.length };
}

/**
 * "12000.50" USD -> 1200050n. Exact: the string is never turned into a float.
 * More decimals than the currency has ("1.005" USD) are refused unless a
 * rounding mode is given, so a sub-cent amount is never dropped silently.
 */
export function parseDecimalToMinor(value: string, currency: string, rounding?: RoundingMode): bigint {
  const exponent = minorUnitsOf(currency);
  const { digits, scale } = parseScaledDecimal(value);
  if (scale <= exponent) return digits * 10n ** BigInt(exponent - scale);
  const divisor = 10n ** BigInt(scale - exponent);
  if (digits % divisor !== 0n && rounding === undefined) {
    throw new RangeError(`"${value}" has ${scale} decimals but ${currency} has ${exponent}; pass a rounding mode to round it`);
  }
  return divideRounded(digits, divisor, rounding ?? 'HALF_EVEN');
}
