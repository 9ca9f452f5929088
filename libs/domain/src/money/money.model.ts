import { minorUnitsOf } from './currency.catalog';

/** An exact amount: integer minor units (cents for USD) and the ISO 4217 code they are counted in. */
export interface Money {
  readonly amountMinor: bigint;
  readonly currency: string;
}

export function money(amountMinor: bigint, currency: string): Money {
  minorUnitsOf(currency); // refuses an unknown code at the door
  return { amountMinor, currency };
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a.currency, b.currency);
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
}

export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a.currency, b.currency);
  return { amountMinor: a.amountMinor - b.amountMinor, currency: a.currency };
}

/** Adding dollars to euros is always a bug upstream; fail loudly instead of producing a number. */
export function assertSameCurrency(a: string, b: string): void {
  if (a !== b) throw new RangeError(`currency mismatch: ${a} vs ${b}`);
}

export function absMinor(value: bigint): bigint {
  return value < 0n ? -value : value;
}
