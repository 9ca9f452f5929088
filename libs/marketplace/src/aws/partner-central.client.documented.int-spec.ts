import nock from 'nock';
import { testConfig } from '@bridge/testing';
import { documented } from '../../../../test/fixtures/aws/documented-message';
import { AwsPartnerCentralCoSell } from './partner-central.client';
import { CoSellRejectedError } from './partner-central.port';

const HOST = 'https://partnercentral-selling.us-east-1.api.aws';

interface AssociateOpportunity {
  request: { Catalog: string; OpportunityIdentifier: string; RelatedEntityType: string; RelatedEntityIdentifier: string };
  response: Record<string, never>;
}

/**
 * AssociateOpportunity as the Partner Central Selling API reference documents
 * it (test/fixtures/aws/co-sell/associate-opportunity.json names the page):
 * an opportunity linked to a Marketplace offer given by its ARN, an empty
 * 200 answer, and the documented refusals. The sandbox does not serve
 * Partner Central, so the adapter is held to the page at the HTTP boundary.
 */
describe('AssociateOpportunity as documented, sent by AwsPartnerCentralCoSell', () => {
  const { message } = documented<AssociateOpportunity>('co-sell/associate-opportunity.json');
  let adapter: AwsPartnerCentralCoSell;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    adapter = new AwsPartnerCentralCoSell(await testConfig({ PARTNER_CENTRAL_ENDPOINT_URL: HOST }));
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    adapter.onModuleDestroy();
    nock.enableNetConnect();
    // Take nock off the shared http module, so that the next suite in this worker starts clean.
    nock.restore();
  });

  /** The page documents an HTTP 200 with an empty body for success. */
  const answer = (sent?: (b: unknown) => void) =>
    nock(HOST)
      .post('/', (b: unknown) => (sent?.(b), true))
      .matchHeader('x-amz-target', 'AWSPartnerCentralSelling.AssociateOpportunity')
      .matchHeader('content-type', 'application/x-amz-json-1.0')
      .reply(200, '', { 'content-type': 'application/x-amz-json-1.0' });

  const refuse = (type: string, status: number) =>
    nock(HOST)
      .post('/')
      .times(5)
      .reply(status, { __type: type, message: 'refused' }, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type });

  it('sends exactly the documented request when given the offer ARN', async () => {
    let sent: unknown;
    const scope = answer((b) => (sent = b));
    await adapter.linkOfferToOpportunity({
      opportunityId: message.request.OpportunityIdentifier,
      offerArn: message.request.RelatedEntityIdentifier,
    });
    expect(scope.isDone()).toBe(true);
    expect(sent).toEqual(message.request);
  });

  it('sends the documented Sandbox catalog when asked for it', async () => {
    let sent: unknown;
    answer((b) => (sent = b));
    await adapter.linkOfferToOpportunity({
      opportunityId: message.request.OpportunityIdentifier,
      offerArn: message.request.RelatedEntityIdentifier,
      catalog: 'Sandbox',
    });
    expect(sent).toEqual({ ...message.request, Catalog: 'Sandbox' });
  });

  it.each([
    ['AccessDeniedException', 403],
    ['ResourceNotFoundException', 404],
    ['ValidationException', 400],
  ])('a documented refusal a retry cannot fix (%s) is a CoSellRejectedError with its code', async (type, status) => {
    refuse(type, status);
    const error = await adapter
      .linkOfferToOpportunity({ opportunityId: message.request.OpportunityIdentifier, offerArn: message.request.RelatedEntityIdentifier })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoSellRejectedError);
    expect((error as CoSellRejectedError).code).toBe(type);
  });

  it.each([
    ['ThrottlingException', 429],
    ['InternalServerException', 500],
  ])(
    'a documented transient error (%s) is thrown as it is, for the queue to retry',
    async (type, status) => {
      refuse(type, status);
      const error = await adapter
        .linkOfferToOpportunity({ opportunityId: message.request.OpportunityIdentifier, offerArn: message.request.RelatedEntityIdentifier })
        .catch((e: unknown) => e);
      expect(error).not.toBeInstanceOf(CoSellRejectedError);
      expect((error as Error).name).toBe(type);
    },
    20_000,
  );
});
