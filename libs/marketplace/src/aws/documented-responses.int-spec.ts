import nock from 'nock';
import { testConfig } from '@bridge/testing';
import { documented } from '../../../../test/fixtures/aws/documented-message';
import { AwsAgreementSource } from './aws-agreement.source';
import { AwsCustomerResolver } from './customer-resolver.client';
import { RegistrationTokenRefusedError } from './customer-resolver.port';

const HOST = 'https://marketplace.aws.test';

/**
 * The adapters read the responses exactly as AWS documents them (the fixtures
 * name their pages): DescribeAgreement's epoch-second times and string value,
 * the product among the proposal's resources; ResolveCustomer with and
 * without the legacy identifier, and its refusals.
 */
describe('AWS responses as documented, read by the product’s adapters', () => {
  let agreements: AwsAgreementSource;
  let resolver: AwsCustomerResolver;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    const config = await testConfig({ AWS_ENDPOINT_URL: HOST });
    agreements = new AwsAgreementSource(config);
    resolver = new AwsCustomerResolver(config);
  });
  afterAll(() => {
    agreements.onModuleDestroy();
    resolver.onModuleDestroy();
    nock.cleanAll();
    nock.enableNetConnect();
    // Take nock off the shared http module, so that the next suite in this worker starts clean.
    nock.restore();
  });

  const replyWith = (target: RegExp, status: number, body: unknown, sent?: (b: unknown) => void) =>
    nock(HOST)
      .post('/', (b: unknown) => (sent?.(b), true))
      .matchHeader('x-amz-target', target)
      .reply(status, body as nock.Body, {
        'content-type': 'application/x-amz-json-1.1',
        ...(status >= 400 ? { 'x-amzn-errortype': (body as { __type: string }).__type } : {}),
      });

  it('DescribeAgreement: parties, offer, product from proposalSummary.resources, value and dates', async () => {
    const { message } = documented<{ request: unknown; response: Record<string, unknown> }>('agreement/describe-agreement-channel.json');
    let sent: unknown;
    replyWith(/DescribeAgreement$/, 200, message.response, (b) => (sent = b));
    const terms = documented<{ response: Record<string, unknown> }>('agreement/get-agreement-terms.json').message;
    let termsAsked: unknown;
    replyWith(/GetAgreementTerms$/, 200, terms.response, (b) => (termsAsked = b));
    const snapshot = await agreements.describe('agmt-bridgetest000000000000002');
    expect(sent).toEqual(message.request);
    expect(termsAsked).toEqual({ agreementId: 'agmt-bridgetest000000000000002', maxResults: 50 });
    const response = message.response as {
      acceptor: { accountId: string };
      proposer: { accountId: string };
      proposalSummary: { offerId: string; resources: { id: string }[] };
      estimatedCharges: { agreementValue: string; currencyCode: string };
      startTime: number;
      status: string;
    };
    expect(snapshot).toMatchObject({
      acceptorAccountId: response.acceptor.accountId,
      proposerAccountId: response.proposer.accountId,
      offerId: response.proposalSummary.offerId,
      productId: response.proposalSummary.resources[0].id,
      value: response.estimatedCharges.agreementValue,
      currency: response.estimatedCharges.currencyCode,
      status: response.status,
      startsAt: new Date(response.startTime * 1000),
      // GetAgreementTerms: the one AdminUsers unit the buyer configured, not the rate cards' dimensions.
      includedQuantities: { AdminUsers: '1' },
    });
  });

  it('GetAgreementTerms: follows nextToken until the last page, adding what each page includes', async () => {
    const describe = documented<{ response: Record<string, unknown> }>('agreement/describe-agreement-channel.json').message;
    const terms = documented<{ response: { acceptedTerms: unknown[] } }>('agreement/get-agreement-terms.json').message;
    replyWith(/DescribeAgreement$/, 200, describe.response);
    const asked: unknown[] = [];
    const [first, ...rest] = terms.response.acceptedTerms;
    replyWith(/GetAgreementTerms$/, 200, { acceptedTerms: rest, nextToken: 'cGFnZTI=' }, (b) => asked.push(b));
    replyWith(/GetAgreementTerms$/, 200, { acceptedTerms: [first], nextToken: null }, (b) => asked.push(b));
    const snapshot = await agreements.describe('agmt-bridgetest000000000000002');
    expect(asked).toEqual([
      { agreementId: 'agmt-bridgetest000000000000002', maxResults: 50 },
      { agreementId: 'agmt-bridgetest000000000000002', maxResults: 50, nextToken: 'cGFnZTI=' },
    ]);
    expect(snapshot.includedQuantities).toEqual({ AdminUsers: '1' });
  });

  it('ResolveCustomer: account, licence, product and the legacy identifier', async () => {
    const { message } = documented<{ request: { RegistrationToken: string }; response: Record<string, string> }>(
      'metering/resolve-customer.json',
    );
    let sent: unknown;
    replyWith(/ResolveCustomer$/, 200, message.response, (b) => (sent = b));
    const customer = await resolver.resolve(message.request.RegistrationToken);
    expect(sent).toEqual(message.request);
    expect(customer).toEqual({
      awsAccountId: message.response.CustomerAWSAccountId,
      licenseArn: message.response.LicenseArn,
      productCode: message.response.ProductCode,
      customerIdentifier: message.response.CustomerIdentifier,
    });
  });

  it('ResolveCustomer of a new integration: no legacy identifier', async () => {
    const { message } = documented<{ request: { RegistrationToken: string }; response: Record<string, string> }>(
      'metering/resolve-customer-new-integration.json',
    );
    replyWith(/ResolveCustomer$/, 200, message.response);
    expect(await resolver.resolve(message.request.RegistrationToken)).toMatchObject({
      customerIdentifier: null,
      licenseArn: message.response.LicenseArn,
    });
  });

  it.each([
    ['ExpiredTokenException', 'EXPIRED'],
    ['InvalidTokenException', 'INVALID'],
  ])('ResolveCustomer refusing with %s is a refused token (%s), not a fault', async (type, kind) => {
    replyWith(/ResolveCustomer$/, 400, { __type: type, message: 'refused' });
    const refused = await resolver.resolve('token').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RegistrationTokenRefusedError);
    expect((refused as RegistrationTokenRefusedError).kind).toBe(kind);
  });
});
