import { positiveAmount } from './positive-amount.rule';

describe('an amount the product holds or pays', () => {
  it('is taken in the currency’s minor units, exactly', () => {
    expect(positiveAmount('12000.50', 'USD')).toEqual({ minor: 1_200_050n });
    expect(positiveAmount('150000', 'JPY')).toEqual({ minor: 150_000n });
  });

  it('is refused at zero or below', () => {
    expect(positiveAmount('0.00', 'USD')).toEqual({ problem: 'must be more than zero' });
    expect(positiveAmount('-5.00', 'USD')).toEqual({ problem: 'must be more than zero' });
  });

  it('is refused when finer than the currency, rather than rounded', () => {
    expect(positiveAmount('1.005', 'USD').problem).toMatch(/3 decimals but USD has 2/);
  });

  it('is refused when it is not a plain decimal', () => {
    expect(positiveAmount('1,000.00', 'USD').problem).toMatch(/not a plain decimal number/);
    expect(positiveAmount('1e3', 'USD').problem).toMatch(/not a plain decimal number/);
  });
});
