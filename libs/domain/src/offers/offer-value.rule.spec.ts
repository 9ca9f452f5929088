import { acceptedOfferValue, pricedTermsValue, repricedTermsValue } from './offer-value.rule';

describe('what an offer is worth', () => {
  describe('by its priced terms', () => {
    it('is a contract’s upfront prices, summed', () => {
      expect(pricedTermsValue({ currency: 'USD', pricingModel: 'Contract', prices: [{ price: '12000.00' }, { price: '3000.50' }] })).toBe(
        1_500_050n,
      );
    });

    it('is the payment schedule’s total when there is one, whatever the prices', () => {
      const schedule = [{ amount: '30000.00' }, { amount: '30000.00' }, { amount: '30000.00' }];
      expect(pricedTermsValue({ currency: 'USD', pricingModel: 'Contract', prices: [{ price: '1.00' }], paymentSchedule: schedule })).toBe(
        9_000_000n,
      );
    });

    it('is nothing up front for usage prices, a channel offer’s wholesale per-unit prices included', () => {
      expect(pricedTermsValue({ currency: 'USD', pricingModel: 'Usage', prices: [{ price: '18.00' }], markupPercent: '5.0' })).toBe(0n);
    });

    it('raises a channel contract by the reseller’s markup, rounding once, half-even', () => {
      expect(pricedTermsValue({ currency: 'USD', pricingModel: 'Contract', prices: [{ price: '72000.00' }], markupPercent: '5.0' })).toBe(
        7_560_000n,
      );
      // Halfway cents go to the even one: 0.10 USD + 5% = 0.105 -> 0.10; 0.30 + 5% = 0.315 -> 0.32.
      expect(pricedTermsValue({ currency: 'USD', pricingModel: 'Contract', prices: [{ price: '0.10' }], markupPercent: '5' })).toBe(10n);
      expect(pricedTermsValue({ currency: 'USD', pricingModel: 'Contract', prices: [{ price: '0.30' }], markupPercent: '5' })).toBe(32n);
      expect(pricedTermsValue({ currency: 'USD', pricingModel: 'Contract', prices: [{ price: '0.30' }], markupPercent: '12.5' })).toBe(34n);
    });

    it('counts in the currency’s own minor units', () => {
      expect(pricedTermsValue({ currency: 'JPY', pricingModel: 'Contract', prices: [{ price: '150000' }] })).toBe(150_000n);
    });

    it('refuses a price finer than the currency rather than dropping the difference', () => {
      expect(() => pricedTermsValue({ currency: 'USD', pricingModel: 'Contract', prices: [{ price: '1.005' }] })).toThrow(
        /3 decimals but USD has 2/,
      );
    });
  });

  describe('when its prices change', () => {
    const contract = { currency: 'USD', pricingModel: 'Contract' };

    it('is the new prices of a contract, summed', () => {
      const prices = [{ price: '18000.00' }, { price: '3000.00' }];
      expect(repricedTermsValue(contract, prices)).toBe(2_100_000n);
    });

    it('is unchanged when no new prices are given', () => {
      expect(repricedTermsValue(contract, undefined)).toBeUndefined();
    });

    it('is unchanged under a payment schedule, whose instalments stay the price', () => {
      expect(repricedTermsValue({ ...contract, paymentSchedule: [{ amount: '30000.00' }] }, [{ price: '1.00' }])).toBeUndefined();
    });

    it('is nothing up front for usage prices', () => {
      expect(repricedTermsValue({ currency: 'USD', pricingModel: 'Usage' }, [{ price: '18.00' }])).toBe(0n);
    });

    it('keeps a channel contract’s markup over the new wholesale prices', () => {
      expect(repricedTermsValue({ ...contract, markupPercent: '5.0' }, [{ price: '72000.00' }])).toBe(7_560_000n);
    });

    it('refuses a new price finer than the currency', () => {
      expect(() => repricedTermsValue(contract, [{ price: '0.001' }])).toThrow(/3 decimals but USD has 2/);
    });
  });

  describe('once accepted', () => {
    it('is what the buyer agreed to pay: a channel offer priced per unit is worth its agreement', () => {
      expect(acceptedOfferValue({ currency: 'USD', pricedValueMinor: 0n }, [{ valueMinor: 7_560_000n, currency: 'USD' }])).toBe(7_560_000n);
    });

    it('adds up the agreements of every buyer who accepted it', () => {
      const agreements = [
        { valueMinor: 1_000_000n, currency: 'USD' },
        { valueMinor: 250_000n, currency: 'USD' },
      ];
      expect(acceptedOfferValue({ currency: 'USD', pricedValueMinor: 500_000n }, agreements)).toBe(1_250_000n);
    });

    it('never adds an agreement in another currency, and keeps its priced terms when none is in its own', () => {
      expect(acceptedOfferValue({ currency: 'USD', pricedValueMinor: 500_000n }, [{ valueMinor: 9_999n, currency: 'EUR' }])).toBe(500_000n);
      expect(
        acceptedOfferValue({ currency: 'USD', pricedValueMinor: 500_000n }, [
          { valueMinor: 9_999n, currency: 'EUR' },
          { valueMinor: 600_000n, currency: 'USD' },
        ]),
      ).toBe(600_000n);
    });

    it('keeps its priced terms while no agreement is known', () => {
      expect(acceptedOfferValue({ currency: 'USD', pricedValueMinor: 500_000n }, [])).toBe(500_000n);
    });
  });
});
