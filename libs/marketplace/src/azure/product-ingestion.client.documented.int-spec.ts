import nock from 'nock';
import { testConfig } from '@bridge/testing';
import { documented } from '../../../../test/fixtures/azure/documented-message';
import { CatalogRejectedError, CatalogRetryLaterError, type CatalogChange } from '../aws/catalog.port';
import { AzureHttpClient } from './azure-http.client';
import type { AzureTokenProvider } from './azure-token.provider';
import { azureCustomerOfferChanges, azureMpoOriginatorChanges, azureMpoSellerChanges, azureWithdrawChanges } from './private-offer.builder';
import { AzureProductIngestionClient } from './product-ingestion.client';

const GRAPH = 'https://graph.microsoft.com';
const BASE = '/rp/product-ingestion';
const BILLING_ACCOUNT = '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b:4c5d6e7f-8a9b-4c0d-8e1f-2a3b4c5d6e7f_2019-05-31';
const OFFER_ID = 'private-offer/30b90a6a-df19-43cc-a107-b0c62057da6d';
const JOB = 'c32dd7e8-8619-462d-a96b-0ac1974bace5';

type Configure = { $schema: string; resources: Record<string, unknown>[] };
const resourcesOf = (changes: CatalogChange[]) => changes.map((c) => c.Details);

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
  const tokens = { token: () => Promise.resolve('graph-token'), renew: () => Promise.resolve('graph-token-2') };

  beforeAll(async () => {
    nock.disableNetConnect();
    const config = await testConfig({ AZURE_PRODUCT_INGESTION_URL: `${GRAPH}${BASE}` });
    client = new AzureProductIngestionClient(new AzureHttpClient(config, tokens as unknown as AzureTokenProvider));
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

  it('POSTs configure with $version and a Graph bearer token, and answers the job id', async () => {
    const request = documented<Configure>('product-ingestion/configure-customer-private-offer.json').message;
    const accepted = documented('product-ingestion/configure-status-accepted.json').message;
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
