import { DescribeEntityCommand, MarketplaceCatalogClient, StartChangeSetCommand, type Change } from '@aws-sdk/client-marketplace-catalog';
import { documented as awsFixture } from '../fixtures/aws/documented-message';
import { undocumentedPaths } from '../fixtures/aws/fixtures';
import { awsClientConfig, finishedChangeSet, rejectionOf, SELLER, startSandbox, type Json, type Sandbox } from './sandbox-harness';

const EVENTBRIDGE = '/webhooks/aws/eventbridge';
/** The fixtures' own ids, replaced by the sandbox's where a request must name a real entity. */
const PRODUCT = 'prod-northwind0001';
const FIXTURE_BUYER = '777788889999';
const FIXTURE_RESELLER = '444455556666';

const request = (name: string) => awsFixture<{ Catalog: string; ChangeSet: Change[] }>(`catalog/${name}`).message;
const withIds = <T>(value: T, ids: Record<string, string>): T =>
  JSON.parse(Object.entries(ids).reduce((s, [from, to]) => s.split(from).join(to), JSON.stringify(value))) as T;

describe('sandbox Catalog API against the documented messages (test/fixtures/aws/catalog)', () => {
  let sandbox: Sandbox;
  let isv: MarketplaceCatalogClient;
  let reseller: MarketplaceCatalogClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
    isv = new MarketplaceCatalogClient(awsClientConfig(sandbox.url));
    reseller = new MarketplaceCatalogClient(awsClientConfig(sandbox.url, { accessKeyId: FIXTURE_RESELLER }));
  });
  afterAll(async () => {
    isv.destroy();
    reseller.destroy();
    await sandbox.stop();
  });
  beforeEach(async () => {
    await sandbox.control('POST', '/_sandbox/reset');
    sandbox.receiver.clear();
    await sandbox.control('POST', '/_sandbox/aws/catalog/config', { prepareDelayMs: 10, applyDelayMs: 10 });
    const seeded = await sandbox.control('POST', '/_sandbox/aws/products', {
      productId: PRODUCT,
      productCode: 'analytics-code',
      title: 'Northwind Analytics',
      sellerAccountId: SELLER,
      dimensions: [
        { key: 'api_calls', name: 'API calls', unit: 'Requests', price: '0.10' },
        { key: 'seats', name: 'Seats', unit: 'Users', price: '25.00' },
      ],
    });
    expect(seeded.status).toBe(201);
  });

  const run = async (client: MarketplaceCatalogClient, body: { ChangeSet: Change[] }) => {
    const { ChangeSetId } = await client.send(
      new StartChangeSetCommand({ Catalog: 'AWSMarketplace', ChangeSetName: 'Northwind change', ChangeSet: body.ChangeSet }),
    );
    return finishedChangeSet(client, ChangeSetId!);
  };
  const succeeded = async (client: MarketplaceCatalogClient, body: { ChangeSet: Change[] }) => {
    const done = await run(client, body);
    expect({ status: done.Status, errors: done.ChangeSet!.flatMap((c) => c.ErrorDetailList ?? []) }).toEqual({
      status: 'SUCCEEDED',
      errors: [],
    });
    return done.ChangeSet![0].Entity!.Identifier!;
  };
  const describe_ = (client: MarketplaceCatalogClient, id: string) =>
    client.send(new DescribeEntityCommand({ Catalog: 'AWSMarketplace', EntityId: id }));
  const documented = (fixture: string) => awsFixture<Json>(`catalog/${fixture}`).message;
  const resaleAuthorization = async () => succeeded(isv, withIds(request('start-change-set.resale-authorization.json'), {}));

  it.each([
    'start-change-set.private-offer-usage.json',
    'start-change-set.private-offer-contract.json',
    'start-change-set.private-offer-flexible-payment.json',
  ])(
    'accepts and applies %s as documented, and describes the offer with documented fields only, private by its TargetingRule',
    async (fixture) => {
      const offerId = await succeeded(isv, request(fixture));
      const entity = await describe_(isv, offerId);
      const page = documented('describe-entity.offer.json');
      expect(
        undocumentedPaths({ ...entity, $metadata: undefined, Details: undefined }, { ...page, $metadata: undefined, Details: undefined }),
      ).toEqual([]);
      expect(entity.DetailsDocument).toMatchObject({
        State: 'Released',
        ProductId: PRODUCT,
        Rules: expect.arrayContaining([{ Type: 'TargetingRule', PositiveTargeting: { BuyerAccounts: [FIXTURE_BUYER] } }]),
      });
    },
  );

  it('emits Offer Released and Change Set Succeeded exactly as the seller guide shows them', async () => {
    await succeeded(isv, request('start-change-set.private-offer-usage.json'));
    await sandbox.receiver.waitFor((c) => c.filter((x) => x.path === EVENTBRIDGE).length >= 2);
    const events = sandbox.receiver.on(EVENTBRIDGE).map((c) => c.body);
    for (const [type, fixture] of [
      ['Offer Released', 'event.offer-released.json'],
      ['Change Set Succeeded', 'event.change-set-succeeded.json'],
    ]) {
      const ours = events.find((e) => e['detail-type'] === type);
      const page = documented(fixture);
      expect({ type, undocumented: undocumentedPaths(ours, page) }).toEqual({ type, undocumented: [] });
      expect(Object.keys(ours.detail).sort()).toEqual(Object.keys(page.detail).sort());
    }
  });

  it('emits Change Set Failed with its FailureCode as documented', async () => {
    const bad = withIds(request('start-change-set.private-offer-usage.json'), { api_calls: 'gpu_hours' });
    expect((await run(isv, bad)).Status).toBe('FAILED');
    await sandbox.receiver.waitFor((c) => c.some((x) => x.body?.['detail-type'] === 'Change Set Failed'));
    const failed = sandbox.receiver
      .on(EVENTBRIDGE)
      .map((c) => c.body)
      .find((e) => e['detail-type'] === 'Change Set Failed');
    expect(undocumentedPaths(failed, documented('event.change-set-failed.json'))).toEqual([]);
    expect(failed.detail.FailureCode).toBe('CLIENT_ERROR');
  });

  it('applies the documented resale authorization change set and describes it with documented fields only', async () => {
    const raId = await resaleAuthorization();
    const entity = await describe_(isv, raId);
    expect(
      undocumentedPaths(
        { ...entity, $metadata: undefined, Details: undefined },
        { ...documented('describe-entity.resale-authorization.json'), $metadata: undefined, Details: undefined },
      ),
    ).toEqual([]);
    expect(entity.DetailsDocument).toMatchObject({
      Status: 'Active',
      ProductId: PRODUCT,
      Rules: expect.arrayContaining([expect.objectContaining({ Type: 'PartnerTargetingRule', ResellerAccountId: FIXTURE_RESELLER })]),
    });
  });

  it('lets the reseller create a channel offer from the authorization alone (no ProductId), with its terms and documented fields', async () => {
    const raId = await resaleAuthorization();
    const offerId = await succeeded(
      reseller,
      withIds(request('start-change-set.channel-offer.json'), { 'resaleauthz-northwind0001': raId }),
    );
    const entity = await describe_(reseller, offerId);
    // A released CPPO is an offer: the offer page documents its fields, the CPPO page adds ResaleAuthorizationId.
    const page = {
      ...documented('describe-entity.offer.json').DetailsDocument,
      ResaleAuthorizationId: documented('describe-entity.channel-offer.json').DetailsDocument.ResaleAuthorizationId,
    };
    expect(undocumentedPaths(entity.DetailsDocument, page)).toEqual([]);
    expect(entity.DetailsDocument).toMatchObject({ ProductId: PRODUCT, ResaleAuthorizationId: raId });
    // The authorization's $15.00 seat price with the 5% markup.
    expect(JSON.stringify(entity.DetailsDocument)).toContain('"Price":"15.75"');
  });

  it('creates replacement offers of an agreement, targeted at its acceptor, direct and channel', async () => {
    const direct = await sandbox.control('POST', '/_sandbox/aws/agreements', {
      offerId: 'offer-northwind00001',
      acceptorAccountId: FIXTURE_BUYER,
      proposerAccountId: SELLER,
      productId: PRODUCT,
      agreementValue: '1200.00',
    });
    expect(direct.status).toBe(201);
    const replacement = await succeeded(
      isv,
      withIds(request('start-change-set.replacement-offer.json'), { 'agmt-northwind00000000000000001': direct.body.agreementId }),
    );
    expect((await describe_(isv, replacement)).DetailsDocument).toMatchObject({
      Rules: expect.arrayContaining([{ Type: 'TargetingRule', PositiveTargeting: { BuyerAccounts: [FIXTURE_BUYER] } }]),
    });

    const raId = await resaleAuthorization();
    const channel = await sandbox.control('POST', '/_sandbox/aws/agreements', {
      offerId: 'offer-northwindcp001',
      acceptorAccountId: FIXTURE_BUYER,
      proposerAccountId: FIXTURE_RESELLER,
      manufacturerAccountId: SELLER,
      productId: PRODUCT,
      resaleAuthorizationId: raId,
      agreementValue: '1200.00',
    });
    expect(channel.status).toBe(201);
    await succeeded(
      reseller,
      withIds(request('start-change-set.channel-replacement-offer.json'), {
        'agmt-northwind00000000000000001': channel.body.agreementId,
        'resaleauthz-northwind0001': raId,
      }),
    );
  });

  it('ends the replaced agreement as REPLACED when the buyer accepts a replacement offer; the new agreement points back at it, as the RENEW example does', async () => {
    const accept = (offerId: string) =>
      sandbox.control('POST', '/_sandbox/aws/agreements', {
        offerId,
        acceptorAccountId: FIXTURE_BUYER,
        proposerAccountId: SELLER,
        productId: PRODUCT,
        agreementValue: '1200.00',
      });
    const first = await accept('offer-northwind00001');
    const replacement = await succeeded(
      isv,
      withIds(request('start-change-set.replacement-offer.json'), { 'agmt-northwind00000000000000001': first.body.agreementId }),
    );
    const second = await accept(replacement);
    expect(second.body).toMatchObject({
      intent: 'REPLACE',
      previousAgreementId: first.body.agreementId,
      status: 'ACTIVE',
      licenseArn: first.body.licenseArn,
    });

    const ofType = (type: string) =>
      sandbox.receiver
        .on(EVENTBRIDGE)
        .map((c) => c.body)
        .filter((e) => e['detail-type'] === type);
    await sandbox.receiver.waitFor(
      () => ofType('Purchase Agreement Ended - Proposer').length > 0 && ofType('Purchase Agreement Created - Proposer').length > 1,
    );
    const created = ofType('Purchase Agreement Created - Proposer')
      .map((e) => e.detail.agreement)
      .find((a) => a.id === second.body.agreementId);
    const renewal = awsFixture<Json>('events/purchase-agreement-created-proposer-renew.json').message.detail.agreement;
    expect(undocumentedPaths(created, renewal)).toEqual([]);
    expect(created).toMatchObject({ intent: 'REPLACE', previousAgreementId: first.body.agreementId });
    expect(ofType('Purchase Agreement Ended - Proposer').map((e) => e.detail.agreement)).toEqual([
      { id: first.body.agreementId, status: 'REPLACED' },
    ]);
    // The buyer is not unsubscribed: the licence passes to the new agreement.
    expect(sandbox.receiver.calls.filter((c) => JSON.stringify(c.body ?? {}).includes('unsubscribe-pending'))).toEqual([]);
  });

  it('applies UpdateDimensions with the documented array and shows the new name', async () => {
    await succeeded(isv, request('start-change-set.update-dimensions.json'));
    const product = await describe_(isv, PRODUCT);
    expect(undocumentedPaths(product.DetailsDocument, documented('describe-entity.saas-product.json').DetailsDocument)).toEqual([]);
    expect((product.DetailsDocument as Json).Dimensions).toContainEqual({
      Name: 'API calls',
      Description: 'API calls',
      Key: 'api_calls',
      Unit: 'Requests',
      Types: ['ExternallyMetered'],
    });
  });

  describe('refuses what AWS refuses', () => {
    it('a resale authorization priced with offer term types: ValidationException (422)', async () => {
      const body = request('start-change-set.resale-authorization.json');
      const pricing = body.ChangeSet.find((c) => c.ChangeType === 'UpdatePricingTerms')!;
      const wrong = {
        ...pricing,
        DetailsDocument: {
          PricingModel: 'Usage',
          Terms: [
            {
              Type: 'UsageBasedPricingTerm',
              CurrencyCode: 'USD',
              RateCards: [{ RateCard: [{ DimensionKey: 'api_calls', Price: '0.05' }] }],
            },
          ],
        },
      };
      const error = await rejectionOf(
        isv.send(
          new StartChangeSetCommand({
            Catalog: 'AWSMarketplace',
            ChangeSet: body.ChangeSet.map((c) => (c === pricing ? wrong : c)) as Change[],
          }),
        ),
      );
      expect(error.name).toBe('ValidationException');
      expect(error.$metadata.httpStatusCode).toBe(422);
      expect(error.message).toMatch(/Allowed terms: ResaleUsageBasedPricingTerm/);
    });

    it('a DetailsDocument with a property the change type does not take: ValidationException (422)', async () => {
      const body = request('start-change-set.channel-offer.json');
      const withProduct = body.ChangeSet.map((c, i) =>
        i === 0 ? { ...c, DetailsDocument: { ...(c.DetailsDocument as object), ProductId: PRODUCT } } : c,
      );
      const error = await rejectionOf(
        isv.send(new StartChangeSetCommand({ Catalog: 'AWSMarketplace', ChangeSet: withProduct as Change[] })),
      );
      expect(error.name).toBe('ValidationException');
      expect(error.message).toMatch(/No additional properties are allowed \(ProductId\)/);
    });

    it('an instalment offer with a priced upfront term: INCOMPATIBLE_TERMS, nothing created', async () => {
      const body = request('start-change-set.private-offer-flexible-payment.json');
      const priced = withIds(body, { '"Price":"0.00"': '"Price":"12000.00"' });
      const done = await run(isv, priced);
      expect(done.Status).toBe('FAILED');
      expect(done.ChangeSet!.flatMap((c) => c.ErrorDetailList ?? [])).toEqual([
        {
          ErrorCode: 'INCOMPATIBLE_TERMS',
          ErrorMessage: 'Provide zero (0) price for FixedUpfrontPricingTerm when the offer contains a PaymentScheduleTerm.',
        },
      ]);
    });

    it("a change to a released offer's targeting or terms: INCOMPATIBLE_TARGETING / INCOMPATIBLE_TERMS; its availability may still change", async () => {
      const offerId = await succeeded(isv, request('start-change-set.private-offer-usage.json'));
      const usage = request('start-change-set.private-offer-usage.json').ChangeSet;
      for (const [type, code] of [
        ['UpdateTargeting', 'INCOMPATIBLE_TARGETING'],
        ['UpdatePricingTerms', 'INCOMPATIBLE_TERMS'],
        ['UpdateLegalTerms', 'INCOMPATIBLE_TERMS'],
      ]) {
        const change = usage.find((c) => c.ChangeType === type)!;
        const done = await run(isv, { ChangeSet: [{ ...change, Entity: { Type: 'Offer@1.0', Identifier: offerId } }] });
        expect(done.ChangeSet![0].ErrorDetailList).toEqual([
          { ErrorCode: code, ErrorMessage: "The requested change can't be performed after the offer is released." },
        ]);
      }
      await succeeded(isv, withIds(request('start-change-set.update-availability.json'), { 'offer-northwind00001': offerId }));
      await succeeded(isv, withIds(request('start-change-set.update-information.json'), { 'offer-northwind00001': offerId }));
    });
  });
});
