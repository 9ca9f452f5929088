import { parseDecimalToMinor } from './decimal.parser';

/** An amount read from a request: its minor units, or why it cannot be taken. */
export type AmountReading = { minor: bigint; problem?: undefined } | { minor?: undefined; problem: string };

/**
 * An amount the product is asked to hold or pay (a commitment's total, an MDF
 * budget or request): exact in the currency's minor units, never rounded, and
 * more than zero, since a zero or negative one would hold or pay nothing.
 */
export function positiveAmount(value: string, currency: string): AmountReading {
  let minor: bigint;
  try {
    minor = parseDecimalToMinor(value, currency);
  } catch (error) {
    return { problem: (error as Error).message };
  }
  return minor > 0n ? { minor } : { problem: 'must be more than zero' };
}
