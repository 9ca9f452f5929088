import { parseDecimalToMinor } from '../money/decimal.parser';
import { formatMinor } from '../money/minor.formatter';

/** One instalment of a private offer's payment schedule, as the offer stores it (AWS PaymentScheduleTerm: ChargeDate + ChargeAmount). */
export interface ScheduledCharge {
  chargeDate: string;
  amount: string;
}

/** What a payment schedule has made due by a date. */
export interface ScheduleDue {
  /** The instalments charged on or before the date, summed. */
  dueMinor: bigint;
  /** Every instalment, summed: the contract's value when the schedule and the agreement agree. */
  totalMinor: bigint;
  dueCount: number;
  count: number;
  /** The first instalment after the date, if any. */
  nextChargeDate: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkedDate(value: unknown, index: number): string {
  const day = typeof value === 'string' && ISO_DATE.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  // A real calendar day: 2026-02-30 passes the pattern but is not one (and 2026-13-01 is no date at all).
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw new SyntaxError(`instalment ${index + 1}: chargeDate ${JSON.stringify(value)} is not a date YYYY-MM-DD`);
  }
  return value as string;
}

/**
 * A flexible payment schedule bills the buyer instalment by instalment, each
 * on its charge date, so a multi-year contract is not short-paid because its
 * later instalments have not come due. What is due by `asOf` (YYYY-MM-DD,
 * inclusive) is the sum of the instalments charged on or before it. Exact:
 * amounts are parsed to minor units of the agreement's currency, and one
 * that does not fit them, or any entry that is not an instalment, is refused
 * rather than guessed at.
 */
export function scheduleDueBy(schedule: unknown, asOf: string, currency: string): ScheduleDue {
  if (!Array.isArray(schedule) || schedule.length === 0) throw new SyntaxError('is not a list of instalments');
  const due: ScheduleDue = { dueMinor: 0n, totalMinor: 0n, dueCount: 0, count: schedule.length, nextChargeDate: null };
  schedule.forEach((entry: unknown, index) => {
    const { chargeDate, amount } = (entry ?? {}) as Partial<Record<keyof ScheduledCharge, unknown>>;
    const date = checkedDate(chargeDate, index);
    if (typeof amount !== 'string') throw new SyntaxError(`instalment ${index + 1}: amount is not a decimal string`);
    let minor: bigint;
    try {
      minor = parseDecimalToMinor(amount, currency);
    } catch (error) {
      throw new SyntaxError(`instalment ${index + 1}: ${(error as Error).message}`);
    }
    due.totalMinor += minor;
    if (date <= asOf) {
      due.dueMinor += minor;
      due.dueCount += 1;
    } else if (due.nextChargeDate === null || date < due.nextChargeDate) {
      due.nextChargeDate = date;
    }
  });
  return due;
}

/** The schedule's part of an item's explanation: how much of the contract is due, and when the next instalment is. */
export function describeScheduleDue(due: ScheduleDue, asOf: string, currency: string): string {
  const m = (minor: bigint) => formatMinor(minor, currency, { withCode: true });
  const next = due.nextChargeDate ? `; next on ${due.nextChargeDate}` : '';
  return `paid by instalments: ${due.dueCount} of ${due.count} due by ${asOf}, ${m(due.dueMinor)} of ${m(due.totalMinor)}${next}`;
}
