import { releasedOfferProblems } from './released-offer.rules';

describe('releasedOfferProblems', () => {
  it('lets a released offer change its name and expiry only', () => {
    expect(releasedOfferProblems({})).toEqual([]);
  });

  it('refuses new buyer accounts, prices, schedule or EULA with the AWS error and what to do instead', () => {
    const problems = releasedOfferProblems({
      buyerAccounts: ['777788889999'],
      prices: [],
      paymentSchedule: [],
      eula: { type: 'StandardEula' },
    });
    expect(problems.map((p) => p.field)).toEqual(['buyerAccounts', 'prices', 'paymentSchedule', 'eula']);
    expect(problems[0].reason).toMatch(/INCOMPATIBLE_TARGETING.*replacement/);
    expect(problems[1].reason).toMatch(/INCOMPATIBLE_TERMS/);
  });
});
