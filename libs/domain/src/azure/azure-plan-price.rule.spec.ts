import { azurePlanUnit, azureSubscriptionValue } from './azure-plan-price.rule';

const plans = [
  { key: 'silver', unit: azurePlanUnit('P1M', false), unitPrice: '99.50', currency: 'USD' },
  { key: 'seats', unit: azurePlanUnit('P1Y', true), unitPrice: '120.00', currency: 'EUR' },
  { key: 'gb_scanned', unit: 'GB', unitPrice: '0.01', currency: 'USD' },
];

describe('azureSubscriptionValue', () => {
  it('is the flat plan price for a flat plan, whatever the quantity', () => {
    expect(azureSubscriptionValue(plans, 'silver', 7)).toEqual({ valueMinor: 9950n, currency: 'USD', term: 'P1M' });
  });

  it('multiplies a per-seat price by the seats, exactly', () => {
    expect(azureSubscriptionValue(plans, 'seats', 20)).toEqual({ valueMinor: 240000n, currency: 'EUR', term: 'P1Y' });
    expect(azureSubscriptionValue(plans, 'seats', null)?.valueMinor).toBe(12000n);
  });

  it('knows no price for a plan the listing does not price, nor for a metered dimension', () => {
    expect(azureSubscriptionValue(plans, 'gold', 1)).toBeNull();
    expect(azureSubscriptionValue(plans, 'gb_scanned', 1)).toBeNull();
  });
});
