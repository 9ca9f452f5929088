import { minorUnitsOf } from './currency.catalog';
import { absMinor } from './money.model';

export interface FormatOptions {
  /** Append the currency code: "12000.50 USD". */
  readonly withCode?: boolean;
  /** Group thousands with commas for people to read: "12,000.50". Off by default so output parses back. */
  readonly grouped?: boolean;
}

/** 1200050n USD -> "12000.50"; 1200n JPY -> "1200"; -5n USD -> "-0.05". Exact inverse of parseDecimalToMinor. */
export function formatMinor(amountMinor: bigint, currency: string, options: FormatOptions = {}): string {
  const exponent = minorUnitsOf(currency);
  const digits = absMinor(amountMinor)
    .toString()
    .padStart(exponent + 1, '0');
  let whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  if (options.grouped) whole = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  const text = (amountMinor < 0n ? '-' : '') + whole + (exponent > 0 ? `.${fraction}` : '');
  return options.withCode ? `${text} ${currency}` : text;
}
