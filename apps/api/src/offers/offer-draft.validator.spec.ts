import { listingProblems } from './offer-draft.validator';

const listing = {
  id: 'l',
  dimensions: [
    { key: 'api_calls', currency: 'USD' },
    { key: 'seats', currency: 'USD' },
  ],
};

describe('a draft checked against its listing', () => {
  it('names an unknown dimension and lists the known ones', () => {
    const problems = listingProblems(listing, { prices: [{ dimension: 'gpu_hours', price: '1' }], currency: 'USD', durationMonths: 12 });
    expect(problems).toEqual([
      { field: 'prices.0.dimension', reason: '"gpu_hours" is not a dimension of this listing (it has: api_calls, seats)' },
    ]);
  });

  it('refuses a currency the listing does not sell in', () => {
    expect(listingProblems(listing, { prices: [{ dimension: 'seats', price: '1' }], currency: 'EUR', durationMonths: 12 })[0].field).toBe(
      'currency',
    );
  });

  it('refuses installments in the past or after the contract ends', () => {
    const problems = listingProblems(listing, {
      prices: [{ dimension: 'seats', price: '1' }],
      currency: 'USD',
      durationMonths: 12,
      paymentSchedule: [{ chargeDate: '2020-01-01' }, { chargeDate: '2999-01-01' }],
    });
    expect(problems.map((p) => p.field)).toEqual(['paymentSchedule.0.chargeDate', 'paymentSchedule.1.chargeDate']);
  });

  it("refuses an instalment or a contract price finer than the currency's cents, but not a per-unit usage price", () => {
    const schedule = listingProblems(listing, {
      prices: [{ dimension: 'seats', price: '0.0001' }],
      currency: 'USD',
      pricingModel: 'Usage',
      durationMonths: 12,
      paymentSchedule: [
        { chargeDate: '2999-01-01', amount: '100.00' },
        { chargeDate: '2999-01-01', amount: '100.005' },
      ],
    }).filter((p) => !p.field.endsWith('chargeDate'));
    expect(schedule).toEqual([{ field: 'paymentSchedule.1.amount', reason: '"100.005" has 3 decimals but USD has 2' }]);
    const contract = listingProblems(listing, {
      prices: [{ dimension: 'seats', price: '12000.505' }],
      currency: 'USD',
      pricingModel: 'Contract',
      durationMonths: 12,
    });
    expect(contract).toEqual([{ field: 'prices.0.price', reason: '"12000.505" has 3 decimals but USD has 2' }]);
  });

  it('accepts a draft that fits', () => {
    expect(listingProblems(listing, { prices: [{ dimension: 'seats', price: '1' }], currency: 'USD', durationMonths: 12 })).toEqual([]);
  });
});
