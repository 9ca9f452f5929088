import nock from 'nock';
import { testConfig } from '@bridge/testing';
import { AwsPartnerCentralCoSell } from './partner-central.client';
import { CoSellRejectedError } from './partner-central.port';

const HOST = 'https://partnercentral-selling.us-east-1.api.aws';

/** The sandbox does not serve Partner Central: the adapter is checked at the HTTP boundary. */
describe('co-sell link through AWS Partner Central (AssociateOpportunity)', () => {
  let adapter: AwsPartnerCentralCoSell;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    adapter = new AwsPartnerCentralCoSell(await testConfig({ PARTNER_CENTRAL_ENDPOINT_URL: HOST }));
  });
  afterAll(() => {
    adapter.onModuleDestroy();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('links the opportunity to the marketplace offer as AwsMarketplaceOffers', async () => {
    let sent: Record<string, unknown> | undefined;
    const scope = nock(HOST)
      .post('/', (body: Record<string, unknown>) => ((sent = body), true))
      .matchHeader('x-amz-target', /AssociateOpportunity$/)
      .reply(200, {}, { 'content-type': 'application/x-amz-json-1.0' });
    await adapter.linkOfferToOpportunity({ opportunityId: 'O1234567', offerArnOrId: 'offer-abc123' });
    expect(scope.isDone()).toBe(true);
    expect(sent).toEqual({ Catalog: 'AWS', OpportunityIdentifier: 'O1234567', RelatedEntityType: 'AwsMarketplaceOffers', RelatedEntityIdentifier: 'offer-abc123' });
  });

  it('reports a refusal it cannot retry as CoSellRejectedError with the reason', async () => {
    nock(HOST)
      .post('/')
      .reply(404, { __type: 'ResourceNotFoundException', message: 'Opportunity O999 not found' }, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': 'ResourceNotFoundException' });
    await expect(adapter.linkOfferToOpportunity({ opportunityId: 'O999', offerArnOrId: 'offer-abc123' })).rejects.toBeInstanceOf(CoSellRejectedError);
  });
});
