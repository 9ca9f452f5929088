import nock from 'nock';
import { testConfig } from '@bridge/testing';
import { documented } from '../../../../test/fixtures/azure/documented-message';
import { CatalogRejectedError, CatalogRetryLaterError, type CatalogChange } from '../aws/catalog.port';
import { AzureHttpClient } from './azure-http.client';
import type { AzureTokenProvider } from './azure-token.provider';
import { withDurableIds } from './durable-reference.mapper';
import { azureCustomerOfferChanges, azureMpoOriginatorChanges, azureMpoSellerChanges, azureWithdrawChanges } from './private-offer.builder';
import { AzureProductIngestionClient } from './product-ingestion.client';
import { durableIdsOf, type ResourceTree } from './product-ingestion.schemas';
import { AzureProductListingClient } from './product-listing.client';

const GRAPH = 'https://graph.microsoft.com';
const BASE = '/rp/product-ingestion';
const BILLING_ACCOUNT = '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b:4c5d6e7f-8a9b-4c0d-8e1f-2a3b4c5d6e7f_2019-05-31';
const OFFER_ID = 'private-offer/30b90a6a-df19-43cc-a107-b0c62057da6d';
const JOB = 'c32dd7e8-8619-462d-a96b-0ac1974bace5';

type Configure = { $schema: string; resources: Record<string, unknown>[] };
const TREE = documented<ResourceTree>('product-ingestion/resource-tree.json').message;
/** The resources as sent: the offer id and planIds the product records, named by the durable ids the resource tree states. */
const resourcesOf = (changes: CatalogChange[]) =>
  withDurableIds(
    changes.map((c) => c.Details as Record<string, unknown>),
    (offerId) => (offerId === 'bridge-saas' ? durableIdsOf(TREE) : null),
  );
const PRODUCT_GUID = '7ba807c8-386a-4efe-80f1-b97bf8a554f8';

/** Partner Center's answers for the product's durable ids (Product Ingestion API page, Method 3 then Method 1). */
function productLookups(offerId = 'bridge-saas') {
  const found = offerId === 'bridge-saas' ? documented('product-ingestion/product-by-external-id.json').message : { value: [] };
  nock(GRAPH).get(`${BASE}/product`).query({ externalID: offerId, $version: '2022-03-01-preview3' }).reply(200, found);
  if (offerId === 'bridge-saas')
    nock(GRAPH)
      .get(`${BASE}/resource-tree/product/${PRODUCT_GUID}`)
      .query({ targetType: 'live', $version: '2022-03-01-preview5' })
      .reply(200, TREE);
}

/**
 * The Product Ingestion API as Microsoft documents it (each fixture in
 * test/fixtures/azure/product-ingestion names its page): the configure
 * requests the product builds for customer and multiparty private offers
 * and withdrawals, and the job status and detail it reads back, at the HTTP
 * boundary. The Graph token is Entra's concern, tested against the sandbox;
 * here it is a fixed one.
 */
describe('Product Ingestion API as documented, called by AzureProductIngestionClient', () => {
  let client: AzureProductIngestionClient;
  let http: AzureHttpClient;
  const tokens = { token: () => Promise.resolve('graph-token'), renew: () => Promise.resolve('graph-token-2') };

  beforeAll(async () => {
    nock.disableNetConnect();
    const config = await testConfig({ AZURE_PRODUCT_INGESTION_URL: `${GRAPH}${BASE}` });
    http = new AzureHttpClient(config, tokens as unknown as AzureTokenProvider);
    client = new AzureProductIngestionClient(http, new AzureProductListingClient(http));
  });
  // Each test starts with a client that has not looked any product up yet.
  beforeEach(() => {
    client = new AzureProductIngestionClient(http, new AzureProductListingClient(http));
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });

  const target = { productId: 'bridge-saas', beneficiaries: [BILLING_ACCOUNT], end: '2027-12-31', acceptBy: '2027-01-31', termsUrl: null };
  const silver = [{ planId: 'silver', price: '80.00', term: 'P1M' }];

  it('builds the documented configure request of a customer private offer with absolute plan prices', () => {
    const { message } = documented<Configure>('product-ingestion/configure-customer-private-offer.json');
    const changes = azureCustomerOfferChanges({
      ...target,
      name: 'Fabrikam analytics',
      prices: silver,
      preparedBy: 'amy@northwind.example',
    });
    expect(resourcesOf(changes)).toEqual(message.resources);
  });

  it("builds the documented requests of both parties' parts of a multiparty private offer", () => {
    const originator = documented<Configure>('product-ingestion/configure-mpo-originator.json').message;
    const seller = documented<Configure>('product-ingestion/configure-mpo-channel-partner.json').message;
    const made = azureMpoOriginatorChanges({
      ...target,
      name: 'Northwind may resell to Fabrikam',
      prices: silver,
      partner: { id: '12345678', name: 'Northwind Resale' },
    });
    expect(resourcesOf(made)).toEqual(originator.resources);
    const completed = azureMpoSellerChanges({
      privateOfferId: OFFER_ID,
      name: 'Fabrikam via Northwind',
      productId: 'bridge-saas',
      planIds: ['silver'],
      markupPercent: '12.5',
      end: '2027-12-31',
      acceptBy: '2027-01-31',
      preparedBy: 'sales@northwind.example',
    });
    expect(resourcesOf(completed)).toEqual(seller.resources);
  });

  it('builds the documented withdrawal', () => {
    const { message } = documented<Configure>('product-ingestion/configure-withdraw.json');
    expect(
      resourcesOf(azureWithdrawChanges({ privateOfferId: OFFER_ID, name: 'Fabrikam analytics', privateOfferType: 'customerPromotion' })),
    ).toEqual(message.resources);
  });

  it('POSTs configure with $version and a Graph bearer token, naming product and plan by the durable ids it looked up, and answers the job id', async () => {
    const request = documented<Configure>('product-ingestion/configure-customer-private-offer.json').message;
    const accepted = documented('product-ingestion/configure-status-accepted.json').message;
    productLookups();
    let sent: unknown;
    const scope = nock(GRAPH)
      .post(`${BASE}/configure`, (b: unknown) => ((sent = b), true))
      .query({ $version: '2022-07-01' })
      .matchHeader('authorization', 'Bearer graph-token')
      .reply(202, accepted);
    const changes = azureCustomerOfferChanges({
      ...target,
      name: 'Fabrikam analytics',
      prices: silver,
      preparedBy: 'amy@northwind.example',
    });
    const started = await client.startChangeSet({ name: 'bridge offer_publish x', clientRequestToken: 'x', changes });
    expect(scope.isDone()).toBe(true);
    expect(sent).toEqual(request);
    expect(started.changeSetId).toBe(JOB);
    expect(nock.pendingMocks()).toEqual([]);

    // The ids are kept: a second offer on the same product is sent without looking them up again.
    nock(GRAPH).post(`${BASE}/configure`).query({ $version: '2022-07-01' }).reply(202, accepted);
    await client.startChangeSet({ name: 'bridge offer_publish y', clientRequestToken: 'y', changes });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('refuses for good, sending nothing, a set whose offer id or planId Partner Center does not have', async () => {
    const configure = nock(GRAPH)
      .post(`${BASE}/configure`)
      .query(true)
      .reply(202, documented('product-ingestion/configure-status-accepted.json').message);
    productLookups('no-such-offer');
    productLookups('no-such-offer');
    const unknownOffer = azureCustomerOfferChanges({
      ...target,
      productId: 'no-such-offer',
      name: 'Fabrikam analytics',
      prices: silver,
      preparedBy: 'amy@northwind.example',
    });
    const refused = client.startChangeSet({ name: 'n', clientRequestToken: 't', changes: unknownOffer });
    await expect(refused).rejects.toBeInstanceOf(CatalogRejectedError);
    await expect(refused).rejects.toMatchObject({ code: 'UnknownProduct', message: expect.stringContaining('"no-such-offer"') });

    // An unknown plan is looked up once more (a plan may have been added since) before the set is refused.
    productLookups();
    productLookups();
    const unknownPlan = azureCustomerOfferChanges({
      ...target,
      name: 'Fabrikam analytics',
      prices: [{ planId: 'platinum', price: '80.00', term: 'P1M' }],
      preparedBy: 'amy@northwind.example',
    });
    const noPlan = client.startChangeSet({ name: 'n', clientRequestToken: 't', changes: unknownPlan });
    await expect(noPlan).rejects.toMatchObject({ code: 'UnknownPlan', message: expect.stringContaining('"platinum"') });
    expect(configure.isDone()).toBe(false);
  });

  it('finds the live private offer an earlier configure of the same offer made (GET private-offer/query)', async () => {
    nock(GRAPH)
      .get(`${BASE}/private-offer/query`)
      .query({ $version: '2023-07-15' })
      .times(2)
      .reply(200, documented('product-ingestion/private-offer-query.json').message);
    const changes = azureCustomerOfferChanges({
      ...target,
      name: 'Fabrikam analytics',
      prices: silver,
      preparedBy: 'amy@northwind.example',
    });
    // The withdrawn offer of the same name is not it.
    expect((await client.findCreatedPrivateOffers(changes)).map((o) => o.id)).toEqual([
      'private-offer/5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    ]);
    const otherCustomer = azureCustomerOfferChanges({
      ...target,
      beneficiaries: ['0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b:9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a_2019-05-31'],
      name: 'Fabrikam analytics',
      prices: silver,
      preparedBy: 'amy@northwind.example',
    });
    expect(await client.findCreatedPrivateOffers(otherCustomer)).toEqual([]);
    // An update of an existing offer (here a withdrawal) is declarative: nothing to look for.
    expect(
      await client.findCreatedPrivateOffers(
        azureWithdrawChanges({ privateOfferId: OFFER_ID, name: 'x', privateOfferType: 'customerPromotion' }),
      ),
    ).toEqual([]);
  });

  it('follows the job: running, then succeeded with the private offer the detail names', async () => {
    nock(GRAPH)
      .get(`${BASE}/configure/${JOB}/status`)
      .query({ $version: '2022-07-01' })
      .reply(200, documented('product-ingestion/configure-status-running.json').message);
    expect((await client.describeChangeSet(null, JOB)).status).toBe('APPLYING');

    nock(GRAPH)
      .get(`${BASE}/configure/${JOB}/status`)
      .query({ $version: '2022-07-01' })
      .reply(200, documented('product-ingestion/configure-status-succeeded.json').message);
    nock(GRAPH)
      .get(`${BASE}/configure/${JOB}`)
      .query({ $version: '2023-07-15' })
      .reply(200, documented('product-ingestion/private-offer-detail.json').message);
    const done = await client.describeChangeSet(null, JOB);
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      failureCode: null,
      changes: [{ changeType: 'Configure', entityId: OFFER_ID, errors: [] }],
    });
  });

  it("reports a failed job with Microsoft's errors", async () => {
    nock(GRAPH)
      .get(`${BASE}/configure/${JOB}/status`)
      .query({ $version: '2022-07-01' })
      .reply(200, documented('product-ingestion/configure-status-failed.json').message);
    const failed = await client.describeChangeSet(null, JOB);
    expect(failed).toMatchObject({
      status: 'FAILED',
      failureCode: 'Conflict',
      changes: [{ errors: [{ code: 'Conflict', message: 'The start date should be defined' }] }],
    });
  });

  it('refuses for good on a schema validation 400, and retries later on a 5xx', async () => {
    const changes = azureWithdrawChanges({ privateOfferId: OFFER_ID, name: 'x', privateOfferType: 'customerPromotion' });
    nock(GRAPH).post(`${BASE}/configure`).query(true).reply(400, { code: 'BadRequest', message: 'Schema validation' });
    await expect(client.startChangeSet({ name: 'n', clientRequestToken: 't', changes })).rejects.toBeInstanceOf(CatalogRejectedError);
    nock(GRAPH).post(`${BASE}/configure`).query(true).reply(503, { code: 'ServiceUnavailable', message: 'busy' });
    await expect(client.startChangeSet({ name: 'n', clientRequestToken: 't', changes })).rejects.toBeInstanceOf(CatalogRetryLaterError);
  });
});
