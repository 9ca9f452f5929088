import {
  CancelChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeEntityCommand,
  ListChangeSetsCommand,
  ListEntitiesCommand,
  MarketplaceCatalogClient,
  StartChangeSetCommand,
  type Change,
} from '@aws-sdk/client-marketplace-catalog';
import { awsClientConfig, BUYER, finishedChangeSet, rejectionOf, SELLER, startSandbox, type Sandbox } from './sandbox-harness';

const EVENTBRIDGE = '/webhooks/aws/eventbridge';

describe('sandbox: AWS Marketplace Catalog API (change sets)', () => {
  let sandbox: Sandbox;
  let client: MarketplaceCatalogClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
    client = new MarketplaceCatalogClient(awsClientConfig(sandbox.url));
  });
  afterAll(async () => {
    client.destroy();
    await sandbox.stop();
  });
  beforeEach(async () => {
    await sandbox.control('POST', '/_sandbox/reset');
    sandbox.receiver.clear();
    await sandbox.control('POST', '/_sandbox/aws/catalog/config', { prepareDelayMs: 30, applyDelayMs: 30 });
    await sandbox.control('POST', '/_sandbox/aws/products', {
      productId: 'prod-abc123',
      productCode: 'code123',
      title: 'Bridge Analytics',
      sellerAccountId: SELLER,
      dimensions: [
        { key: 'users', price: '10.00', types: ['Entitled'] },
        { key: 'gb_scanned', price: '0.10' },
      ],
    });
  });

  const start = (changes: Change[], extra: { ClientRequestToken?: string; ChangeSetName?: string } = {}) =>
    client.send(new StartChangeSetCommand({ Catalog: 'AWSMarketplace', ChangeSet: changes, ...extra }));
  const waitDone = (id: string) => finishedChangeSet(client, id);
  const privateOffer = (buyer = BUYER, price = '12000.00', dimension = 'users'): Change[] => [
    {
      ChangeType: 'CreateOffer',
      ChangeName: 'CreateOfferChange',
      Entity: { Type: 'Offer@1.0' },
      DetailsDocument: { ProductId: 'prod-abc123', Name: 'Private offer' },
    },
    {
      ChangeType: 'UpdateTargeting',
      Entity: { Type: 'Offer@1.0', Identifier: '$CreateOfferChange.Entity.Identifier' },
      DetailsDocument: { PositiveTargeting: { BuyerAccounts: [buyer] } },
    },
    {
      ChangeType: 'UpdatePricingTerms',
      Entity: { Type: 'Offer@1.0', Identifier: '$CreateOfferChange.Entity.Identifier' },
      DetailsDocument: {
        PricingModel: 'Contract',
        Terms: [
          {
            Type: 'ConfigurableUpfrontPricingTerm',
            CurrencyCode: 'USD',
            RateCards: [
              {
                Selector: { Type: 'Duration', Value: 'P12M' },
                RateCard: [{ DimensionKey: dimension, Price: price }],
                Constraints: { MultipleDimensionSelection: 'Allowed', QuantityConfiguration: 'Allowed' },
              },
            ],
          },
        ],
      },
    },
    {
      ChangeType: 'UpdateAvailability',
      Entity: { Type: 'Offer@1.0', Identifier: '$CreateOfferChange.Entity.Identifier' },
      DetailsDocument: { AvailabilityEndDate: '2099-06-30' },
    },
    { ChangeType: 'ReleaseOffer', Entity: { Type: 'Offer@1.0', Identifier: '$CreateOfferChange.Entity.Identifier' }, DetailsDocument: {} },
  ];

  it('creates and releases a private offer through placeholders, PREPARING → APPLYING → SUCCEEDED', async () => {
    // Long enough that the describe right after the start sees PREPARING on a loaded machine (30 ms was not, once).
    await sandbox.control('POST', '/_sandbox/aws/catalog/config', { prepareDelayMs: 1000 });
    const started = await start(privateOffer(), { ChangeSetName: 'Private offer for buyer' });
    expect(started.ChangeSetId).toMatch(/^[a-z0-9]{26}$/);
    const first = await client.send(new DescribeChangeSetCommand({ Catalog: 'AWSMarketplace', ChangeSetId: started.ChangeSetId }));
    expect(first.Status).toBe('PREPARING');
    const done = await waitDone(started.ChangeSetId!);
    expect(done.Status).toBe('SUCCEEDED');
    const offerId = done.ChangeSet![0].Entity!.Identifier!;
    expect(offerId).toMatch(/^offer-[a-z0-9]{13}$/);
    expect(done.ChangeSet!.every((c) => c.Entity!.Identifier === offerId)).toBe(true);
    const entity = await client.send(new DescribeEntityCommand({ Catalog: 'AWSMarketplace', EntityId: offerId }));
    expect(entity.EntityType).toBe('Offer@1.0');
    expect(entity.DetailsDocument).toMatchObject({
      State: 'Released',
      ProductId: 'prod-abc123',
      Rules: expect.arrayContaining([{ Type: 'TargetingRule', PositiveTargeting: { BuyerAccounts: [BUYER] } }]),
    });

    await sandbox.receiver.waitFor((c) => c.filter((x) => x.path === EVENTBRIDGE).length >= 2);
    const events = sandbox.receiver.on(EVENTBRIDGE).map((c) => c.body);
    expect(events.map((e) => e['detail-type']).sort()).toEqual(['Change Set Succeeded', 'Offer Released']);
    expect(events.every((e) => e.source === 'aws.marketplacecatalog')).toBe(true);
    expect(events.find((e) => e['detail-type'] === 'Change Set Succeeded').detail.ChangeSetId).toBe(started.ChangeSetId);
    expect(events.find((e) => e['detail-type'] === 'Offer Released').detail.offer.id).toBe(offerId);
  });

  it('fails with CLIENT_ERROR and per-change errors for a bad buyer id, negative price or unknown dimension, and creates nothing', async () => {
    const bad = await start(privateOffer('12345', '-5.00', 'seats'));
    const done = await waitDone(bad.ChangeSetId!);
    expect(done.Status).toBe('FAILED');
    expect(done.FailureCode).toBe('CLIENT_ERROR');
    expect(done.ChangeSet![1].ErrorDetailList!.map((e) => e.ErrorCode)).toEqual(['INVALID_BUYER_ACCOUNTS']);
    expect(done.ChangeSet![2].ErrorDetailList!.map((e) => e.ErrorCode).sort()).toEqual(['INCOMPATIBLE_PRODUCT', 'INVALID_PRICE']);
    expect(done.ChangeSet![0].ErrorDetailList).toEqual([]);
    // Only the product's public offer, seeded with it.
    const offers = await client.send(new ListEntitiesCommand({ Catalog: 'AWSMarketplace', EntityType: 'Offer' }));
    expect(offers.EntitySummaryList!.map((o) => o.OfferSummary?.Targeting)).toEqual([['None']]);
    await sandbox.receiver.waitFor((c) => c.some((x) => x.body?.['detail-type'] === 'Change Set Failed'));
  });

  it('refuses 0 or 21 changes and an unknown placeholder with ValidationException (422)', async () => {
    const none = await rejectionOf(start([]));
    expect(none.name).toBe('ValidationException');
    expect(none.$metadata.httpStatusCode).toBe(422);
    const many: Change[] = Array.from({ length: 21 }, (_, i) => ({
      ChangeType: 'CreateOffer',
      ChangeName: `C${'x'.repeat(i)}`,
      Entity: { Type: 'Offer@1.0' },
      DetailsDocument: { ProductId: 'prod-abc123' },
    }));
    expect((await rejectionOf(start(many))).name).toBe('ValidationException');
    expect((await waitDone((await start(many.slice(0, 20))).ChangeSetId!)).Status).toBe('SUCCEEDED');
    const dangling = await rejectionOf(
      start([{ ChangeType: 'ReleaseOffer', Entity: { Type: 'Offer@1.0', Identifier: '$Nope.Entity.Identifier' }, DetailsDocument: {} }]),
    );
    expect(dangling.name).toBe('ValidationException');
  });

  it('locks entities of a running change set: a second set on the same entity gets ResourceInUseException (423)', async () => {
    const created = await waitDone((await start(privateOffer().slice(0, 1))).ChangeSetId!);
    const offerId = created.ChangeSet![0].Entity!.Identifier!;
    await sandbox.control('POST', '/_sandbox/aws/catalog/config', { prepareDelayMs: 300 });
    const update = (name: string): Change[] => [
      { ChangeType: 'UpdateInformation', Entity: { Type: 'Offer@1.0', Identifier: offerId }, DetailsDocument: { Name: name } },
    ];
    const first = await start(update('one'));
    const error = await rejectionOf(start(update('two')));
    expect(error.name).toBe('ResourceInUseException');
    expect(error.$metadata.httpStatusCode).toBe(423);
    await waitDone(first.ChangeSetId!);
    const second = await start(update('two'));
    expect((await waitDone(second.ChangeSetId!)).Status).toBe('SUCCEEDED');
  });

  it('answers ServiceQuotaExceededException (402) when too many sets are open', async () => {
    await sandbox.control('POST', '/_sandbox/aws/catalog/config', { prepareDelayMs: 500, maxOpenChangeSets: 2 });
    const create = () => start(privateOffer().slice(0, 1));
    await create();
    await create();
    const error = await rejectionOf(create());
    expect(error.name).toBe('ServiceQuotaExceededException');
    expect(error.$metadata.httpStatusCode).toBe(402);
  });

  it('honours ClientRequestToken idempotency', async () => {
    const a = await start(privateOffer().slice(0, 1), { ClientRequestToken: 'token-1' });
    const b = await start(privateOffer().slice(0, 1), { ClientRequestToken: 'token-1' });
    expect(b.ChangeSetId).toBe(a.ChangeSetId);
    const reused = await rejectionOf(start(privateOffer('999988887777').slice(0, 2), { ClientRequestToken: 'token-1' }));
    expect(reused.name).toBe('ValidationException');
  });

  it('cancels a preparing set (Change Set Cancelled) but not a finished one', async () => {
    await sandbox.control('POST', '/_sandbox/aws/catalog/config', { prepareDelayMs: 500 });
    const s = await start(privateOffer().slice(0, 1));
    await client.send(new CancelChangeSetCommand({ Catalog: 'AWSMarketplace', ChangeSetId: s.ChangeSetId }));
    const d = await client.send(new DescribeChangeSetCommand({ Catalog: 'AWSMarketplace', ChangeSetId: s.ChangeSetId }));
    expect(d.Status).toBe('CANCELLED');
    await sandbox.receiver.waitFor((c) => c.some((x) => x.body?.['detail-type'] === 'Change Set Cancelled'));
    const again = await rejectionOf(client.send(new CancelChangeSetCommand({ Catalog: 'AWSMarketplace', ChangeSetId: s.ChangeSetId })));
    expect(again.name).toBe('ResourceInUseException');
    const missing = await rejectionOf(client.send(new DescribeChangeSetCommand({ Catalog: 'AWSMarketplace', ChangeSetId: 'nope' })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.$metadata.httpStatusCode).toBe(404);
  });

  it('pages ListChangeSets 20 at a time and ListEntities 50 at a time', async () => {
    await sandbox.control('POST', '/_sandbox/aws/catalog/config', { prepareDelayMs: 0, applyDelayMs: 0, maxOpenChangeSets: 100 });
    const ids: string[] = [];
    for (let i = 0; i < 55; i++) ids.push((await start(privateOffer().slice(0, 1))).ChangeSetId!);
    await waitDone(ids.at(-1)!);
    await new Promise((r) => setTimeout(r, 50));
    const sets1 = await client.send(new ListChangeSetsCommand({ Catalog: 'AWSMarketplace' }));
    expect(sets1.ChangeSetSummaryList).toHaveLength(20);
    const tooBig = await rejectionOf(client.send(new ListChangeSetsCommand({ Catalog: 'AWSMarketplace', MaxResults: 21 })));
    expect(tooBig.name).toBe('ValidationException');
    const e1 = await client.send(new ListEntitiesCommand({ Catalog: 'AWSMarketplace', EntityType: 'Offer' }));
    expect(e1.EntitySummaryList).toHaveLength(50);
    const e2 = await client.send(new ListEntitiesCommand({ Catalog: 'AWSMarketplace', EntityType: 'Offer', NextToken: e1.NextToken }));
    // 55 private offers and the product's public offer.
    expect(e2.EntitySummaryList).toHaveLength(6);
    expect(e2.NextToken).toBeUndefined();
  });
});
