import { partnerNetRevenue } from './partner-revenue.rule';

const credit = (partnerId: string, credited: bigint, expected: bigint, disbursed: bigint, currency = 'USD') => ({
  partnerId,
  partnerName: `Partner ${partnerId}`,
  currency,
  creditedMinor: credited,
  expectedGrossMinor: expected,
  disbursedGrossMinor: disbursed,
});

describe("a partner's net revenue: each credit scaled to the gross its agreement actually received", () => {
  it('halves a credit whose agreement was half refunded, and adds a partner’s credits per currency', () => {
    expect(
      partnerNetRevenue([
        credit('p1', 600000n, 600000n, 300000n), // $6,000.00 credited, half the gross refunded: $3,000.00 received
        credit('p1', 100000n, 200000n, 200000n), // $1,000.00 of a $2,000.00 agreement paid in full
        credit('p1', 50000n, 100000n, 100000n, 'EUR'),
        credit('p2', 70000n, 0n, 0n), // nothing expected yet: nothing received
      ]),
    ).toEqual([
      { partnerId: 'p1', partnerName: 'Partner p1', currency: 'USD', creditedMinor: 700000n, receivedMinor: 400000n },
      { partnerId: 'p1', partnerName: 'Partner p1', currency: 'EUR', creditedMinor: 50000n, receivedMinor: 50000n },
      { partnerId: 'p2', partnerName: 'Partner p2', currency: 'USD', creditedMinor: 70000n, receivedMinor: 0n },
    ]);
  });

  it('rounds each credit once, half to even', () => {
    // 1 cent credited of 3 expected, 1 received: 1/3 of a cent rounds to 0; 3 of 2 expected, 1 received: 1.5 rounds to 2.
    expect(partnerNetRevenue([credit('p', 1n, 3n, 1n)])[0].receivedMinor).toBe(0n);
    expect(partnerNetRevenue([credit('p', 3n, 2n, 1n)])[0].receivedMinor).toBe(2n);
  });
});
