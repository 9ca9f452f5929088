import { azurePrivateOfferOf, privateOfferPlanPrices, tenantOfBillingAccount } from './azure-private-offer.rule';

const TENANT = '4c5d6e7f-8a9b-4c0d-8e1f-2a3b4c5d6e7f';
const ACCOUNT = `0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b:${TENANT}_2019-05-31`;

describe('tenantOfBillingAccount', () => {
  it('reads the tenant out of a Microsoft Customer Agreement billing account id', () => {
    expect(tenantOfBillingAccount(ACCOUNT.toUpperCase())).toBe(TENANT);
  });
  it('answers null for any other form', () => {
    expect(tenantOfBillingAccount(TENANT)).toBeNull();
    expect(tenantOfBillingAccount('111122223333')).toBeNull();
  });
});

describe('azurePrivateOfferOf', () => {
  const older = { marketplaceOfferId: 'private-offer/old', buyerAccounts: [ACCOUNT], planIds: ['silver', 'gold'] };
  const newer = { marketplaceOfferId: 'private-offer/new', buyerAccounts: [ACCOUNT], planIds: ['silver'] };

  it("finds the newest offer for the buyer's tenant that prices the plan", () => {
    expect(azurePrivateOfferOf({ planId: 'silver', tenantId: TENANT }, [newer, older])?.marketplaceOfferId).toBe('private-offer/new');
    expect(azurePrivateOfferOf({ planId: 'gold', tenantId: TENANT }, [newer, older])?.marketplaceOfferId).toBe('private-offer/old');
  });
  it('finds none for another tenant, an unpriced plan, or no tenant', () => {
    expect(azurePrivateOfferOf({ planId: 'silver', tenantId: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a' }, [newer])).toBeNull();
    expect(azurePrivateOfferOf({ planId: 'platinum', tenantId: TENANT }, [newer, older])).toBeNull();
    expect(azurePrivateOfferOf({ planId: 'silver', tenantId: null }, [newer])).toBeNull();
  });
});

describe('privateOfferPlanPrices', () => {
  const listing = [
    { key: 'silver', unit: 'plan P1M per seat', unitPrice: '100.00', currency: 'USD' },
    { key: 'gold', unit: 'plan P1M per seat', unitPrice: '250.00', currency: 'USD' },
  ];
  it("prices the offer's plans at its own price and keeps the listing's price for the others", () => {
    expect(privateOfferPlanPrices({ prices: [{ key: 'silver', price: '80.00' }], markupPercent: null }, listing)).toEqual([
      { ...listing[0], unitPrice: '80.00' },
      listing[1],
    ]);
  });
  it("raises a multiparty offer's wholesale price by the partner's markup, half up to the cent", () => {
    const [silver] = privateOfferPlanPrices({ prices: [{ key: 'silver', price: '80.01' }], markupPercent: '12.5' }, listing);
    // 80.01 x 1.125 = 90.01125 -> 90.01
    expect(silver.unitPrice).toBe('90.01');
    const [even] = privateOfferPlanPrices({ prices: [{ key: 'silver', price: '0.10' }], markupPercent: '5' }, listing);
    // 0.10 x 1.05 = 0.105 -> 0.11
    expect(even.unitPrice).toBe('0.11');
  });
});
