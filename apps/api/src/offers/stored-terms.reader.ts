import type { Eula, StoredPaymentSchedule } from '@bridge/database';

/**
 * An offer's terms JSON as a list reads it without parsing it again: the
 * columns were written from the API's validated (strict) requests, so only
 * their fields' order is put back. jsonb keeps keys sorted by length, and the
 * answer names them in the order the stored schemas declare them (as a parse
 * with those schemas gives them).
 */
export function storedPaymentSchedule(value: unknown): StoredPaymentSchedule | null {
  if (value === null) return null;
  return (value as StoredPaymentSchedule).map((i) => ({ chargeDate: i.chargeDate, amount: i.amount }));
}

export function storedEula(value: unknown): Eula {
  const eula = value as Eula;
  return eula.type === 'CustomEula' ? { type: eula.type, url: eula.url } : { type: eula.type };
}
