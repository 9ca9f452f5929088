import { byExternalId, referencedOfferIds, UnknownReferenceError, withDurableIds } from './durable-reference.mapper';

const IDS = {
  product: 'product/7ba807c8-386a-4efe-80f1-b97bf8a554f8',
  plans: { silver: 'plan/7ba807c8-386a-4efe-80f1-b97bf8a554f8/4e0bfefa-b993-4b79-a426-871c3bf236a5' },
};
const idsOf = (offerId: string) => (offerId === 'bridge-saas' ? IDS : null);

describe('durable references of a configure request', () => {
  const price = { resourceName: 'price-silver', product: byExternalId('bridge-saas'), plan: byExternalId('silver') };
  const offer = {
    name: 'Fabrikam analytics',
    pricing: [{ product: byExternalId('bridge-saas'), plan: byExternalId('silver'), discountType: 'absolute' }],
  };
  const seller = { id: 'private-offer/1', originatorPricing: [{ product: byExternalId('bridge-saas'), plan: byExternalId('silver') }] };

  it('lists each offer id named by external id once', () => {
    expect(referencedOfferIds([price, offer, seller, { id: 'private-offer/2', state: 'withdrawn' }])).toEqual(['bridge-saas']);
  });

  it('names product and plan by durable id in the resource and in its pricing lists, leaving the rest as it is', () => {
    expect(withDurableIds([price, offer, seller], idsOf)).toEqual([
      { resourceName: 'price-silver', product: IDS.product, plan: IDS.plans.silver },
      { name: 'Fabrikam analytics', pricing: [{ product: IDS.product, plan: IDS.plans.silver, discountType: 'absolute' }] },
      { id: 'private-offer/1', originatorPricing: [{ product: IDS.product, plan: IDS.plans.silver }] },
    ]);
    // The recorded change is not touched: a retry resolves it again.
    expect(price.product).toEqual({ externalID: 'bridge-saas' });
    expect(offer.pricing[0].product).toEqual({ externalID: 'bridge-saas' });
  });

  it('refuses an offer id or planId Partner Center does not have, naming it', () => {
    const unknownOffer = () => withDurableIds([{ ...price, product: byExternalId('nope') }], idsOf);
    expect(unknownOffer).toThrow(UnknownReferenceError);
    expect(unknownOffer).toThrow('Partner Center has no product with offer id "nope"');
    expect(() => withDurableIds([{ ...price, plan: byExternalId('platinum') }], idsOf)).toThrow(
      'offer "bridge-saas" has no live plan "platinum" in Partner Center',
    );
  });
});
