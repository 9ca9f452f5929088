import { eventually } from '@bridge/testing';
import { call } from '../http-client';
import { OFFER, putAzureOffer } from '../azure/azure-fixtures';
import { ADMIN_KEY, freshWorld, startOffersStack, type OffersStack } from './offers-stack';

/** Azure listing sync: the offer's plans and prices read back from Partner Center's Product Ingestion API. */
describe('Azure listing sync, through the Product Ingestion API', () => {
  let stack: OffersStack;
  let azureListingId: string;

  beforeAll(async () => {
    stack = await startOffersStack();
  });
  afterAll(() => stack.stop());
  beforeEach(async () => {
    await freshWorld(stack);
    azureListingId = await putAzureOffer(stack, true, ADMIN_KEY);
  });

  it("listing sync imports the offer's plans and prices from the Product Ingestion API and reports drift when both sides changed a price", async () => {
    const seed = (silver: string, gold: string) =>
      call('POST', `${stack.sandboxUrl}/_sandbox/azure/offers`, {
        body: {
          offerId: OFFER,
          publisherId: 'bridgepublisher',
          title: 'Northwind Analytics',
          plans: [
            { planId: 'silver', displayName: 'Silver', isPricePerSeat: true, price: silver, term: 'P1M' },
            { planId: 'gold', displayName: 'Gold', isPricePerSeat: true, price: gold, term: 'P1M' },
          ],
        },
      });
    expect((await seed('100.00', '250.00')).status).toBe(201);
    type Listing = {
      dimensions: { key: string; price: string; unit: string }[];
      sync: { syncedAt: string; drift: string[] | null } | null;
    };
    const listing = async () => (await call<Listing>('GET', `${stack.apiUrl}/v1/listings/${azureListingId}`, { key: ADMIN_KEY })).body;
    const sync = async () =>
      expect((await call('POST', `${stack.apiUrl}/v1/listings/sync`, { key: ADMIN_KEY, body: { cloud: 'AZURE' } })).status).toBe(202);
    const priceOf = (l: Listing, key: string) => l.dimensions.find((d) => d.key === key)?.price;

    await sync();
    const first = await eventually(async () => {
      const l = await listing();
      expect(l.sync).not.toBeNull();
      return l;
    });
    expect(first.sync!.drift).toBeNull();
    expect(first.dimensions.map((d) => [d.key, d.price, d.unit])).toEqual([
      ['gold', '250', 'plan P1M per seat'],
      ['silver', '100', 'plan P1M per seat'],
    ]);

    // The publisher changes Silver in Partner Center: the product takes the new price.
    await call('POST', `${stack.sandboxUrl}/_sandbox/azure/offers/${OFFER}/plans/silver/price`, { body: { price: '120.00' } });
    await sync();
    await eventually(async () => expect(priceOf(await listing(), 'silver')).toBe('120'));
    expect((await listing()).sync!.drift).toBeNull();

    // Gold changed on both sides: nothing is overwritten, the drift is reported.
    const put = await call('PUT', `${stack.apiUrl}/v1/listings/azure/${OFFER}`, {
      key: ADMIN_KEY,
      body: {
        title: 'Northwind Analytics',
        benefitEligible: true,
        benefitEligibleSince: '2026-01-01T00:00:00Z',
        plans: [
          { planId: 'silver', name: 'Silver', price: '120.00', currency: 'USD', term: 'P1M', perSeat: true },
          { planId: 'gold', name: 'Gold', price: '260.00', currency: 'USD', term: 'P1M', perSeat: true },
        ],
      },
    });
    expect(put.status).toBe(200);
    await call('POST', `${stack.sandboxUrl}/_sandbox/azure/offers/${OFFER}/plans/gold/price`, { body: { price: '275.00' } });
    await sync();
    const drifted = await eventually(async () => {
      const l = await listing();
      expect(l.sync!.drift).not.toBeNull();
      return l;
    });
    expect(drifted.sync!.drift).toEqual(['dimension gold price: product 260, marketplace 275']);
    expect(priceOf(drifted, 'gold')).toBe('260');
  });
});
