import { isKnownCurrency, minorUnitsOf } from '@bridge/domain';

/**
 * Field checks of the feed layouts' line readers, the rules in code that the
 * staged SQL is held to (`*-staged-checks.int-spec.ts`). They were written to
 * run once per field of a million-line file, so they work on strings (no
 * Date, no BigInt) and return null on success or the reason a value is
 * refused.
 */
const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+Z?)?$/;
const exponents = new Map<string, number>();

export function currencyProblem(currency: string): string | null {
  if (exponents.has(currency)) return null;
  if (!/^[A-Z]{3}$/.test(currency) || !isKnownCurrency(currency)) return `"${currency}" is not an ISO 4217 currency code`;
  exponents.set(currency, minorUnitsOf(currency));
  return null;
}

/** "-1234.5" USD -> "-123450"; null when it is not a plain decimal with at most the currency's decimals. */
export function decimalToMinorText(value: string, currency: string): string | null {
  if (!DECIMAL.test(value)) return null;
  const exponent = exponents.get(currency) ?? minorUnitsOf(currency);
  const negative = value.charCodeAt(0) === 45;
  const unsigned = negative ? value.slice(1) : value;
  const dot = unsigned.indexOf('.');
  const whole = dot < 0 ? unsigned : unsigned.slice(0, dot);
  let fraction = dot < 0 ? '' : unsigned.slice(dot + 1);
  if (fraction.length > exponent) {
    // Trailing zeros beyond the currency's decimals are harmless ("10.500" USD); anything else would be rounded away.
    if (!/^0*$/.test(fraction.slice(exponent))) return null;
    fraction = fraction.slice(0, exponent);
  }
  const digits = (whole + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  return negative && digits !== '0' ? `-${digits}` : digits;
}

export function amountProblem(value: string, currency: string): string {
  if (!DECIMAL.test(value)) return `"${value}" is not a plain decimal amount such as 1234.56`;
  return `"${value}" has more decimals than ${currency} has (${exponents.get(currency) ?? minorUnitsOf(currency)})`;
}

// A feed holds few distinct dates across a million lines: each is checked once.
const checkedDates = new Map<string, string | undefined>();

// The last few dates met, and what they checked as: a row's four date columns mostly repeat the row before's.
const RECENT = 4;
const recentDates: string[] = Array.from({ length: RECENT }, () => '');
const recentChecked: (string | undefined)[] = new Array(RECENT);
let recentNext = 0;

/** "2026-10-01" or "2026-10-01 00:00:00" -> "2026-10-01"; "" -> null (no date); undefined when invalid. */
export function isoDate(value: string): string | null | undefined {
  if (value === '') return null;
  for (let i = 0; i < RECENT; i++) if (recentDates[i] === value) return recentChecked[i];
  const checked = checkedDate(value);
  recentDates[recentNext] = value;
  recentChecked[recentNext] = checked;
  recentNext = (recentNext + 1) % RECENT;
  return checked;
}

function checkedDate(value: string): string | undefined {
  if (checkedDates.has(value)) return checkedDates.get(value);
  const date = checkDate(value);
  if (checkedDates.size < 100_000) checkedDates.set(value, date);
  return date;
}

function checkDate(value: string): string | undefined {
  const match = DATE.exec(value);
  if (!match) return undefined;
  const year = +match[1];
  const month = +match[2];
  const day = +match[3];
  // Checked here, not left to PostgreSQL: a bad date must be named by line and column, not fail the COPY.
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  if (month < 1 || month > 12 || day < 1 || day > days) return undefined;
  return value.length === 10 ? value : value.slice(0, 10);
}

export function booleanFlag(value: string): boolean | undefined {
  if (value === '1') return true;
  if (value === '0') return false;
  switch (value.toLowerCase()) {
    case '1':
    case 'true':
    case 't':
    case 'y':
    case 'yes':
      return true;
    case '0':
    case 'false':
    case 'f':
    case 'n':
    case 'no':
      return false;
    default:
      return undefined;
  }
}

/** -x of an integer written as decimal digits (minor units), without a round trip through a number. */
export function negatedMinorText(minor: string): string {
  if (minor.startsWith('-')) return minor.slice(1);
  return /^0+$/.test(minor) ? minor : `-${minor}`;
}
