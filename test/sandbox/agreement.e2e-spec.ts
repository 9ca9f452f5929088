import {
  DescribeAgreementCommand,
  GetAgreementTermsCommand,
  MarketplaceAgreementClient,
  SearchAgreementsCommand,
} from '@aws-sdk/client-marketplace-agreement';
import { documented, expectSameShape, type ShapeOptions } from './documented-shape';
import { awsClientConfig, rejectionOf, startSandbox, type Json, type Sandbox } from './sandbox-harness';

const EVENTBRIDGE = '/webhooks/aws/eventbridge';

// The parties, product and offers the fixtures use, so their values compare as they are.
const ISV = '111122223333';
const CHANNEL_PARTNER = '444455556666';
const BUYER = '777788889999';
const PRODUCT_ID = 'prod-bridgetest0001';
const PRODUCT_CODE = 'bridgeprodcode00000000001';
const ACCEPTED_AT = '2025-03-01T10:00:00Z';
/** Ids the fixtures give to what the sandbox generates. */
const FIXTURE = {
  directAgreementId: 'agmt-bridgetest000000000000001',
  channelAgreementId: 'agmt-bridgetest000000000000002',
  licenseArnInEvents: 'aws:license-manager:us-east-1:777788889999:l-bridgetest0000000000000000000001',
};

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
    await sandbox.control('POST', '/_sandbox/clock', { now: ACCEPTED_AT });
    await sandbox.control('POST', '/_sandbox/aws/products', {
      productId: PRODUCT_ID,
      productCode: PRODUCT_CODE,
      title: 'Bridge Test Product',
      sellerAccountId: ISV,
      dimensions: [
        { key: 'users', unit: 'Users', price: '10.00', types: ['Entitled'] },
        { key: 'gb_scanned', price: '0.10' },
      ],
    });
  });

  const accept = (overrides: Record<string, unknown> = {}) =>
    sandbox.control('POST', '/_sandbox/aws/agreements', {
      offerId: 'offer-bridgetest0000000001',
      acceptorAccountId: BUYER,
      proposerAccountId: ISV,
      productId: PRODUCT_ID,
      agreementValue: '1200',
      currency: 'USD',
      dimensions: [{ key: 'users', quantity: 25 }],
      ...overrides,
    });
  const acceptChannel = () =>
    accept({
      offerId: 'offer-bridgetest0000000002',
      proposerAccountId: CHANNEL_PARTNER,
      resaleAuthorizationId: 'resaleauthz-bridgetest0000001',
    });

  /** What the sandbox queued for the product's EventBridge target, in order (delivery itself is asynchronous). */
  const enqueuedKinds = async (): Promise<string[]> =>
    (await sandbox.control('GET', '/_sandbox/events?channel=eventbridge')).body.events.map((e: Json) => e.kind);

  /** The bodies the product's API destination received with this detail-type. */
  const delivered = async (detailType: string): Promise<Json[]> => {
    const ofType = (calls: { path: string; body: Json }[]) =>
      calls.filter((c) => c.path === EVENTBRIDGE && c.body['detail-type'] === detailType);
    await sandbox.receiver.waitFor((calls) => ofType(calls).length > 0);
    return ofType(sandbox.receiver.calls).map((c) => c.body);
  };

  /** The DescribeAgreement response as it travels, before the SDK turns epoch seconds into Dates. */
  const describeOnTheWire = async (agreementId: string): Promise<Json> => {
    const response = await fetch(sandbox.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSMPCommerceService_v20200301.DescribeAgreement' },
      body: JSON.stringify({ agreementId }),
    });
    expect(response.status).toBe(200);
    return response.json();
  };

  /** Event ids, request ids and delivery times are the sandbox's; the agreement and licence ids are mapped. */
  const eventOptions = (agreement: { agreementId: string; licenseArn: string }): ShapeOptions => {
    const [, owner, licenseId] = /::(\d{12}):license:(l-\w+)$/.exec(agreement.licenseArn)!;
    return {
      ignoreValuesAt: ['id', 'time', 'detail.requestId'],
      replace: {
        [FIXTURE.directAgreementId]: agreement.agreementId,
        [FIXTURE.channelAgreementId]: agreement.agreementId,
        // The documented licence form, built from the ARN ResolveCustomer gives for the same licence.
        [FIXTURE.licenseArnInEvents]: `aws:license-manager:us-east-1:${owner}:${licenseId}`,
      },
    };
  };

  it('creates an agreement with an agmt- id and a licence, and DescribeAgreement returns it as documented (direct)', async () => {
    const created = await accept();
    expect(created.status).toBe(201);
    expect(created.body.agreementId).toMatch(/^agmt-[a-z0-9]{25}$/);
    expect(created.body.licenseArn).toMatch(/^arn:aws:license-manager::\d{12}:license:l-[0-9a-f]{32}$/);

    const wire = await describeOnTheWire(created.body.agreementId);
    const fixture = documented('agreement/describe-agreement-direct.json');
    expectSameShape(wire, fixture.message.response, { replace: { [FIXTURE.directAgreementId]: created.body.agreementId } });

    // The SDK reads the same response: epoch seconds come back as Dates.
    const described = await client.send(new DescribeAgreementCommand({ agreementId: created.body.agreementId }));
    expect(described.acceptanceTime).toEqual(new Date(ACCEPTED_AT));
    expect(described.endTime).toEqual(new Date('2026-03-01T10:00:00Z'));
    expect(described.proposalSummary?.resources).toEqual([{ id: PRODUCT_ID, type: 'SaaSProduct' }]);
  });

  it('DescribeAgreement of a channel agreement names the reseller as proposer, as documented', async () => {
    const { body } = await acceptChannel();
    const fixture = documented('agreement/describe-agreement-channel.json');
    expectSameShape(await describeOnTheWire(body.agreementId), fixture.message.response, {
      replace: { [FIXTURE.channelAgreementId]: body.agreementId },
    });
  });

  it('answers an unknown agreement with ResourceNotFoundException (404) and its modelled fields', async () => {
    const error = await rejectionOf(client.send(new DescribeAgreementCommand({ agreementId: 'agmt-doesnotexist' })));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(error.resourceId).toBe('agmt-doesnotexist');
    expect(error.resourceType).toBe('Agreement');
  });

  it('a direct purchase sends only the Proposer copy of Purchase Agreement Created, as documented, and License Updated - Manufacturer', async () => {
    const { body: agreement } = await accept();
    expect(await enqueuedKinds()).toEqual(['Purchase Agreement Created - Proposer', 'License Updated - Manufacturer']);

    const [created] = await delivered('Purchase Agreement Created - Proposer');
    expectSameShape(created, documented('events/purchase-agreement-created-proposer.json').message, eventOptions(agreement));
    const [license] = await delivered('License Updated - Manufacturer');
    expectSameShape(license, documented('events/license-updated-manufacturer.json').message, eventOptions(agreement));
  });

  it('a channel purchase sends the Manufacturer copy to the ISV and the Proposer copy to the reseller, both to the one target, as documented', async () => {
    const { body: agreement } = await acceptChannel();
    // Both copies are kept: in tests the product plays ISV and reseller at one endpoint; `account` tells them apart.
    expect(await enqueuedKinds()).toEqual([
      'Purchase Agreement Created - Manufacturer',
      'Purchase Agreement Created - Proposer',
      'License Updated - Manufacturer',
    ]);
    const [manufacturer] = await delivered('Purchase Agreement Created - Manufacturer');
    expectSameShape(manufacturer, documented('events/purchase-agreement-created-manufacturer.json').message, eventOptions(agreement));
    const [proposer] = await delivered('Purchase Agreement Created - Proposer');
    expectSameShape(proposer, documented('events/purchase-agreement-created-proposer-channel.json').message, eventOptions(agreement));
    const [license] = await delivered('License Updated - Manufacturer');
    expect(license.account).toBe(ISV);
    expect(license.detail.proposer).toEqual({ accountId: CHANNEL_PARTNER });
  });

  it('amending a direct agreement sends Amended - Proposer and License Updated, as documented', async () => {
    const { body: agreement } = await accept();
    const amended = await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/amend`, { agreementValue: '1500' });
    expect(amended.status).toBe(200);
    expect((await enqueuedKinds()).slice(2)).toEqual(['Purchase Agreement Amended - Proposer', 'License Updated - Manufacturer']);
    const [event] = await delivered('Purchase Agreement Amended - Proposer');
    expectSameShape(event, documented('events/purchase-agreement-amended-proposer.json').message, eventOptions(agreement));
    const afterAmend = await client.send(new DescribeAgreementCommand({ agreementId: agreement.agreementId }));
    expect(afterAmend.estimatedCharges?.agreementValue).toBe('1500');
  });

  it('amending a channel agreement sends Amended - Manufacturer without the proposer-only renewal fields, as documented', async () => {
    const { body: agreement } = await acceptChannel();
    await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/amend`, { agreementValue: '1500' });
    const [event] = await delivered('Purchase Agreement Amended - Manufacturer');
    expectSameShape(event, documented('events/purchase-agreement-amended-manufacturer.json').message, eventOptions(agreement));
    expect(await delivered('Purchase Agreement Amended - Proposer')).toHaveLength(1);
  });

  it('cancelling sends Purchase Agreement Ended with only id and status, then License Deprovisioned when the final hour is over, as documented', async () => {
    const { body: agreement } = await accept();
    await sandbox.control('POST', '/_sandbox/clock', { now: '2025-09-01T10:00:00Z' });
    expect((await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/cancel`)).status).toBe(200);
    const [ended] = await delivered('Purchase Agreement Ended - Proposer');
    expectSameShape(ended, documented('events/purchase-agreement-ended-proposer.json').message, eventOptions(agreement));
    expect((await client.send(new DescribeAgreementCommand({ agreementId: agreement.agreementId }))).status).toBe('CANCELLED');

    // The licence is deprovisioned once the sandbox clock passes the final-usage hour.
    await sandbox.control('POST', '/_sandbox/clock', { advanceSeconds: 3599 });
    await new Promise((r) => setTimeout(r, 400));
    expect(await enqueuedKinds()).not.toContain('License Deprovisioned - Manufacturer');
    await sandbox.control('POST', '/_sandbox/clock', { advanceSeconds: 1 });
    const [deprovisioned] = await delivered('License Deprovisioned - Manufacturer');
    expectSameShape(deprovisioned, documented('events/license-deprovisioned-manufacturer.json').message, eventOptions(agreement));
    expect(deprovisioned.time).toBe('2025-09-01T11:00:00Z');
  });

  it('cancelling a channel agreement sends Ended - Manufacturer, and a test can close the final hour at once', async () => {
    const { body: agreement } = await acceptChannel();
    await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/cancel`);
    const [ended] = await delivered('Purchase Agreement Ended - Manufacturer');
    expectSameShape(ended, documented('events/purchase-agreement-ended-manufacturer.json').message, eventOptions(agreement));
    expect(await delivered('Purchase Agreement Ended - Proposer')).toHaveLength(1);

    expect((await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/deprovision`)).status).toBe(200);
    const [deprovisioned] = await delivered('License Deprovisioned - Manufacturer');
    expect(deprovisioned.account).toBe(ISV);
    // Once only: the clock passing the hour later finds nothing left to deprovision.
    expect((await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/deprovision`)).status).toBe(409);
    await sandbox.control('POST', '/_sandbox/clock', { advanceSeconds: 7200 });
    await new Promise((r) => setTimeout(r, 400));
    expect((await enqueuedKinds()).filter((k) => k.startsWith('License Deprovisioned'))).toHaveLength(1);
  });

  it('refuses to deprovision the licence of an agreement that has not ended', async () => {
    const { body: agreement } = await accept();
    expect((await sandbox.control('POST', `/_sandbox/aws/agreements/${agreement.agreementId}/deprovision`)).status).toBe(409);
    expect((await sandbox.control('POST', '/_sandbox/aws/agreements/agmt-nope/deprovision')).status).toBe(404);
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
    const tooMany = await rejectionOf(
      client.send(new SearchAgreementsCommand({ catalog: 'AWSMarketplace', filters: base, maxResults: 51 })),
    );
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
    expect(upfront.price).toBe('1200');
    expect(upfront.grants).toEqual([{ dimensionKey: 'users', maxQuantity: 25 }]);
    const usage = acceptedTerms!.find((t) => t.usageBasedPricingTerm)!.usageBasedPricingTerm!;
    expect(usage.rateCards![0].rateCard).toEqual([{ dimensionKey: 'gb_scanned', price: '0.10' }]);
  });

  it('rejects a float agreement value at the control API', async () => {
    const bad = await accept({ agreementValue: 12000.5 });
    expect(bad.status).toBe(400);
  });
});
