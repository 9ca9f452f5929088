import {
  DescribeAgreementCommand,
  GetAgreementTermsCommand,
  MarketplaceAgreementClient,
  SearchAgreementsCommand,
} from '@aws-sdk/client-marketplace-agreement';
import { awsClientConfig, BUYER, rejectionOf, RESELLER, SELLER, startSandbox, type Sandbox } from './sandbox-harness';

const EVENTBRIDGE = '/webhooks/aws/eventbridge';

describe('sandbox: AWS Marketplace Agreement API and purchase events', () => {
  let sandbox: Sandbox;
  let client: MarketplaceAgreementClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
    client = new MarketplaceAgreementClient(awsClientConfig(sandbox.url));
  });
  afterAll(async () => {
    client.destroy();
    await sandbox.stop();
  });
  beforeEach(async () => {
    await sandbox.control('POST', '/_sandbox/reset');
    sandbox.receiver.clear();
    await sandbox.control('POST', '/_sandbox/aws/products', {
      productId: 'prod-abc123',
      productCode: 'code123',
      title: 'Bridge Analytics',
      sellerAccountId: SELLER,
      dimensions: [{ key: 'users', unit: 'Users', price: '10.00', types: ['Entitled'] }, { key: 'gb_scanned', price: '0.10' }],
    });
  });

  const accept = (overrides: Record<string, unknown> = {}) =>
    sandbox.control('POST', '/_sandbox/aws/agreements', {
      offerId: 'offer-xyz789',
      acceptorAccountId: BUYER,
      proposerAccountId: SELLER,
      productId: 'prod-abc123',
      agreementValue: '12000.00',
      currency: 'USD',
      dimensions: [{ key: 'users', quantity: 25 }],
      ...overrides,
    });

  it('creates an agreement with an agmt- id and a licence, and DescribeAgreement returns it', async () => {
    await sandbox.control('POST', '/_sandbox/clock', { now: '2026-04-15T10:00:00Z' });
    const created = await accept();
    expect(created.status).toBe(201);
    expect(created.body.agreementId).toMatch(/^agmt-[a-z0-9]{25}$/);
    expect(created.body.licenseArn).toMatch(/^arn:aws:license-manager::\d{12}:license:l-[0-9a-f]{32}$/);

    const described = await client.send(new DescribeAgreementCommand({ agreementId: created.body.agreementId }));
    expect(described.agreementType).toBe('PurchaseAgreement');
    expect(described.status).toBe('ACTIVE');
    expect(described.estimatedCharges).toEqual({ currencyCode: 'USD', agreementValue: '12000.00' });
    expect(described.acceptor?.accountId).toBe(BUYER);
    expect(described.proposer?.accountId).toBe(SELLER);
    expect(described.proposalSummary).toEqual({ offerId: 'offer-xyz789', resources: [{ id: 'prod-abc123', type: 'SaaSProduct' }] });
    // Timestamps travel as epoch seconds and come back as Dates.
    expect(described.acceptanceTime).toEqual(new Date('2026-04-15T10:00:00Z'));
    expect(described.startTime).toEqual(new Date('2026-04-15T10:00:00Z'));
    expect(described.endTime).toEqual(new Date('2027-04-15T10:00:00Z'));
  });

  it('answers an unknown agreement with ResourceNotFoundException (404) and its modelled fields', async () => {
    const error = await rejectionOf(client.send(new DescribeAgreementCommand({ agreementId: 'agmt-doesnotexist' })));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.resourceId).toBe('agmt-doesnotexist');
    expect(error.resourceType).toBe('Agreement');
  });

  it('emits Purchase Agreement Created for proposer and manufacturer with the full EventBridge envelope', async () => {
    await sandbox.control('POST', '/_sandbox/clock', { now: '2026-04-15T10:00:00Z' });
    const { body: agreement } = await accept();
    await sandbox.receiver.waitFor((c) => c.filter((x) => x.path === EVENTBRIDGE).length >= 2);
    const calls = sandbox.receiver.on(EVENTBRIDGE);
    const types = calls.map((c) => c.body['detail-type']).sort();
    expect(types).toEqual(['Purchase Agreement Created - Manufacturer', 'Purchase Agreement Created - Proposer']);
    for (const call of calls) {
      expect(call.path).toBe(EVENTBRIDGE);
      expect(call.body).toMatchObject({ version: '0', source: 'aws.agreement-marketplace', region: 'us-east-1', time: '2026-04-15T10:00:00Z' });
      expect(call.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(call.body.resources).toEqual(expect.any(Array));
      expect(call.body.detail).toEqual({
        agreement: {
          id: agreement.agreementId,
          intent: 'NEW',
          status: 'ACTIVE',
          acceptanceTime: '2026-04-15T10:00:00Z',
          startTime: '2026-04-15T10:00:00Z',
          endTime: '2027-04-15T10:00:00Z',
        },
        acceptor: { accountId: BUYER },
        proposer: { accountId: SELLER },
        offer: { id: 'offer-xyz789' },
        product: { id: 'prod-abc123', code: 'code123', title: 'Bridge Analytics' },
        license: { arn: agreement.licenseArn },
      });
    }
  });

  it('for a channel offer, sends the proposer copy to the reseller and includes the resale authorization', async () => {
    await accept({ proposerAccountId: RESELLER, resaleAuthorizationId: 'resaleauthz-abc' });
    await sandbox.receiver.waitFor((c) => c.filter((x) => x.path === EVENTBRIDGE).length >= 2);
    const calls = sandbox.receiver.on(EVENTBRIDGE);
    const proposer = calls.find((c) => c.body['detail-type'].endsWith('Proposer'))!;
    const manufacturer = calls.find((c) => c.body['detail-type'].endsWith('Manufacturer'))!;
    expect(proposer.body.account).toBe(RESELLER);
    expect(manufacturer.body.account).toBe(SELLER);
    expect(proposer.body.detail.resaleAuthorization).toEqual({ id: 'resaleauthz-abc' });
  });

  it('amends and cancels, with the matching events and statuses', async () => {
    const { body: agreement } = await accept();
    await sandbox.receiver.waitFor((c) => c.filter((x) => x.path === EVENTBRIDGE).length >= 2);
    const amended = await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/amend`, { agreementValue: '15000.50' });
    expect(amended.status).toBe(200);
    const afterAmend = await client.send(new DescribeAgreementCommand({ agreementId: agreement.agreementId }));
    expect(afterAmend.estimatedCharges?.agreementValue).toBe('15000.50');

    await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/cancel`);
    const calls = await sandbox.receiver.waitFor((c) => c.filter((x) => x.path === EVENTBRIDGE).length >= 6);
    const eb = calls.filter((c) => c.path === EVENTBRIDGE).map((c) => c.body);
    expect(eb.filter((e) => e['detail-type'].startsWith('Purchase Agreement Amended')).map((e) => e.detail.agreement.intent)).toEqual(['AMEND', 'AMEND']);
    const ended = eb.filter((e) => e['detail-type'].startsWith('Purchase Agreement Ended'));
    expect(ended).toHaveLength(2);
    expect(ended[0].detail.agreement.status).toBe('CANCELLED');
    const described = await client.send(new DescribeAgreementCommand({ agreementId: agreement.agreementId }));
    expect(described.status).toBe('CANCELLED');
  });

  it('SearchAgreements requires AgreementType, filters, and pages 50 at a time', async () => {
    for (let i = 0; i < 53; i++) await accept({ offerId: i % 2 === 0 ? 'offer-even' : 'offer-odd' });
    const missing = await rejectionOf(client.send(new SearchAgreementsCommand({ catalog: 'AWSMarketplace', filters: [] })));
    expect(missing.name).toBe('ValidationException');
    expect(missing.$metadata.httpStatusCode).toBe(400);
    const twoSubjects = await rejectionOf(
      client.send(
        new SearchAgreementsCommand({
          catalog: 'AWSMarketplace',
          filters: [
            { name: 'AgreementType', values: ['PurchaseAgreement'] },
            { name: 'OfferId', values: ['offer-even'] },
            { name: 'AcceptorAccountId', values: [BUYER] },
          ],
        }),
      ),
    );
    expect(twoSubjects.name).toBe('ValidationException');

    const base = [{ name: 'AgreementType', values: ['PurchaseAgreement'] }];
    const first = await client.send(new SearchAgreementsCommand({ catalog: 'AWSMarketplace', filters: base }));
    expect(first.agreementViewSummaries).toHaveLength(50);
    expect(first.nextToken).toBeDefined();
    const second = await client.send(new SearchAgreementsCommand({ catalog: 'AWSMarketplace', filters: base, nextToken: first.nextToken }));
    expect(second.agreementViewSummaries).toHaveLength(3);
    expect(second.nextToken).toBeUndefined();
    const ids = new Set([...first.agreementViewSummaries!, ...second.agreementViewSummaries!].map((a) => a.agreementId));
    expect(ids.size).toBe(53);

    const even = await client.send(
      new SearchAgreementsCommand({ catalog: 'AWSMarketplace', filters: [...base, { name: 'OfferId', values: ['offer-even'] }] }),
    );
    expect(even.agreementViewSummaries).toHaveLength(27);
    expect(even.agreementViewSummaries!.every((a) => a.proposalSummary?.offerId === 'offer-even')).toBe(true);
    const tooMany = await rejectionOf(client.send(new SearchAgreementsCommand({ catalog: 'AWSMarketplace', filters: base, maxResults: 51 })));
    expect(tooMany.name).toBe('ValidationException');
  });

  it('SearchAgreements filters by Status', async () => {
    const { body: a } = await accept();
    await accept();
    await sandbox.control('POST', `/_sandbox/aws/agreements/${a.agreementId}/cancel`);
    const cancelled = await client.send(
      new SearchAgreementsCommand({
        catalog: 'AWSMarketplace',
        filters: [
          { name: 'AgreementType', values: ['PurchaseAgreement'] },
          { name: 'Status', values: ['CANCELLED'] },
        ],
      }),
    );
    expect(cancelled.agreementViewSummaries!.map((s) => s.agreementId)).toEqual([a.agreementId]);
  });

  it('GetAgreementTerms returns validity, price and metered terms in the union shape', async () => {
    const { body: a } = await accept({ durationMonths: 24 });
    const { acceptedTerms } = await client.send(new GetAgreementTermsCommand({ agreementId: a.agreementId }));
    const validity = acceptedTerms!.find((t) => t.validityTerm)!.validityTerm!;
    expect(validity.agreementDuration).toBe('P24M');
    expect(validity.agreementStartDate).toBeInstanceOf(Date);
    const upfront = acceptedTerms!.find((t) => t.fixedUpfrontPricingTerm)!.fixedUpfrontPricingTerm!;
    expect(upfront.price).toBe('12000.00');
    expect(upfront.grants).toEqual([{ dimensionKey: 'users', maxQuantity: 25 }]);
    const usage = acceptedTerms!.find((t) => t.usageBasedPricingTerm)!.usageBasedPricingTerm!;
    expect(usage.rateCards![0].rateCard).toEqual([{ dimensionKey: 'gb_scanned', price: '0.10' }]);
  });

  it('rejects a float agreement value at the control API', async () => {
    const bad = await accept({ agreementValue: 12000.5 });
    expect(bad.status).toBe(400);
  });
});
