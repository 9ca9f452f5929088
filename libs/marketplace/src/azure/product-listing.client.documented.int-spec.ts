import nock from 'nock';
import { testConfig } from '@bridge/testing';
import { documented } from '../../../../test/fixtures/azure/documented-message';
import { AzureHttpClient } from './azure-http.client';
import type { AzureTokenProvider } from './azure-token.provider';
import { AzureProductListingClient } from './product-listing.client';

const GRAPH = 'https://graph.microsoft.com';
const BASE = '/rp/product-ingestion';

/**
 * An Azure offer's plans and prices read from the Product Ingestion API as
 * the page documents it (test/fixtures/azure/product-ingestion names it):
 * the product by its external id, then its live resource tree. The Graph
 * token is a fixed one here (Entra is tested against the sandbox).
 */
describe('Product Ingestion API product reads as documented, by AzureProductListingClient', () => {
  let client: AzureProductListingClient;

  beforeAll(async () => {
    nock.disableNetConnect();
    const config = await testConfig({ AZURE_PRODUCT_INGESTION_URL: `${GRAPH}${BASE}` });
    const tokens = { token: () => Promise.resolve('graph-token'), renew: () => Promise.resolve('graph-token') };
    client = new AzureProductListingClient(new AzureHttpClient(config, tokens as unknown as AzureTokenProvider));
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });

  it("reads the offer's plans by their external ids with their first term's price and seats", async () => {
    const scope = nock(GRAPH)
      .get(`${BASE}/product`)
      .query({ externalID: 'bridge-saas', $version: '2022-03-01-preview3' })
      .matchHeader('authorization', 'Bearer graph-token')
      .reply(200, documented('product-ingestion/product-by-external-id.json').message)
      .get(`${BASE}/resource-tree/product/7ba807c8-386a-4efe-80f1-b97bf8a554f8`)
      .query({ targetType: 'live', $version: '2022-03-01-preview5' })
      .reply(200, documented('product-ingestion/resource-tree.json').message);
    const listing = await client.read('bridge-saas');
    expect(scope.isDone()).toBe(true);
    expect(listing).toEqual({
      durableId: 'product/7ba807c8-386a-4efe-80f1-b97bf8a554f8',
      title: 'Northwind Analytics',
      plans: [{ planId: 'silver', name: 'Silver', term: 'P1M', perSeat: true, price: '100.00' }],
    });
  });

  it('answers null for an offer Partner Center does not have', async () => {
    nock(GRAPH).get(`${BASE}/product`).query(true).reply(200, { value: [] });
    expect(await client.read('unknown-offer')).toBeNull();
  });
});
