import { describeScheduleDue, scheduleDueBy } from './payment-schedule.due';

// A $100,000.00 three-year contract: $40,000.00 at signature, then $30,000.00 a year.
const schedule = [
  { chargeDate: '2026-01-15', amount: '40000.00' },
  { chargeDate: '2027-01-15', amount: '30000' },
  { chargeDate: '2028-01-15', amount: '30000.00' },
];

describe('what a payment schedule has made due by a date', () => {
  it.each([
    ['before the first instalment', '2026-01-14', 0n, 0, '2026-01-15'],
    ['on the first charge date (inclusive)', '2026-01-15', 4_000_000n, 1, '2027-01-15'],
    ['between the first and the second', '2026-11-24', 4_000_000n, 1, '2027-01-15'],
    ['after the second', '2027-06-30', 7_000_000n, 2, '2028-01-15'],
    ['after the last', '2030-01-01', 10_000_000n, 3, null],
  ] as const)('%s (%s): %s minor units, %s instalments due', (_case, asOf, dueMinor, dueCount, next) => {
    expect(scheduleDueBy(schedule, asOf, 'USD')).toEqual({ dueMinor, totalMinor: 10_000_000n, dueCount, count: 3, nextChargeDate: next });
  });

  it('takes instalments in any order and finds the next one by date', () => {
    const due = scheduleDueBy([schedule[2], schedule[0], schedule[1]], '2026-06-01', 'USD');
    expect([due.dueMinor, due.nextChargeDate]).toEqual([4_000_000n, '2027-01-15']);
  });

  it("counts in the currency's own minor units (JPY has none)", () => {
    expect(scheduleDueBy([{ chargeDate: '2026-01-01', amount: '150000' }], '2026-12-31', 'JPY').dueMinor).toBe(150_000n);
  });

  it.each([
    ['not a list', { chargeDate: '2026-01-01', amount: '1.00' }, 'is not a list of instalments'],
    ['an empty list', [], 'is not a list of instalments'],
    [
      'a date that is not a calendar day',
      [{ chargeDate: '2026-02-30', amount: '1.00' }],
      'instalment 1: chargeDate "2026-02-30" is not a date YYYY-MM-DD',
    ],
    [
      'a month that does not exist',
      [{ chargeDate: '2026-13-01', amount: '1.00' }],
      'instalment 1: chargeDate "2026-13-01" is not a date YYYY-MM-DD',
    ],
    ['no date', [schedule[0], { amount: '1.00' }], 'instalment 2: chargeDate undefined is not a date YYYY-MM-DD'],
    ['an amount as a number', [{ chargeDate: '2026-01-01', amount: 1 }], 'instalment 1: amount is not a decimal string'],
    ['a fraction of a cent', [{ chargeDate: '2026-01-01', amount: '10.005' }], 'instalment 1: "10.005" has 3 decimals but USD has 2'],
  ])('refuses %s, saying which instalment and why', (_case, value, message) => {
    expect(() => scheduleDueBy(value, '2026-06-01', 'USD')).toThrow(message);
  });

  it('says in words how much is due and when the next instalment is', () => {
    const due = scheduleDueBy(schedule, '2026-11-24', 'USD');
    expect(describeScheduleDue(due, '2026-11-24', 'USD')).toBe(
      'paid by instalments: 1 of 3 due by 2026-11-24, 40000.00 USD of 100000.00 USD; next on 2027-01-15',
    );
  });
});
