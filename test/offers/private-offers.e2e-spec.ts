import { eventually, queryDatabase } from '@bridge/testing';
import { call } from '../http-client';
import {
  ADMIN_KEY,
  createPartner,
  freshWorld,
  inDays,
  ISV_ACCOUNT,
  marketplaceChangeSets,
  PRODUCT_ID,
  startOffersStack,
} from './offers-stack';

const BUYER = '777788889999';

interface OfferView {
  id: string;
  state: string;
  marketplaceOfferId: string | null;
  partnerId: string | null;
  changeSets: { status: string; errors: { field: string; code: string; message: string }[] }[];
}

describe('private offers against the marketplace sandbox', () => {
  let stack: Awaited<ReturnType<typeof startOffersStack>>;
  let listingId: string;

  beforeAll(async () => {
    stack = await startOffersStack();
  });
  afterAll(() => stack.stop());
  beforeEach(async () => {
    ({ listingId } = await freshWorld(stack));
  });

  const draft = (overrides: Record<string, unknown> = {}, key = ADMIN_KEY) =>
    call<OfferView & { details: { field: string; reason: string }[] }>('POST', `${stack.apiUrl}/v1/offers`, {
      key,
      body: {
        listingId,
        name: 'Contoso analytics, 12 months',
        buyerAccounts: [BUYER],
        prices: [
          { dimension: 'api_calls', price: '0.08' },
          { dimension: 'seats', price: '20.00' },
        ],
        durationMonths: 12,
        eula: { type: 'StandardEula' },
        expiresAt: inDays(30),
        ...overrides,
      },
    });
  const getOffer = (id: string, key = ADMIN_KEY) => call<OfferView>('GET', `${stack.apiUrl}/v1/offers/${id}`, { key });

  it('drafts, publishes as one change set, and shows ACCEPTED once the buyer accepts', async () => {
    const drafted = await draft();
    expect(drafted.status).toBe(201);
    expect(drafted.body.state).toBe('DRAFT');

    const published = await call<OfferView>('POST', `${stack.apiUrl}/v1/offers/${drafted.body.id}/publish`, { key: ADMIN_KEY, body: {} });
    expect(published.status).toBe(202);
    expect(published.body.state).toBe('PUBLISHING');
    // Publishing twice cannot make a second offer.
    expect((await call('POST', `${stack.apiUrl}/v1/offers/${drafted.body.id}/publish`, { key: ADMIN_KEY, body: {} })).status).toBe(409);

    const live = await eventually(async () => {
      const offer = (await getOffer(drafted.body.id)).body;
      expect(offer.state).toBe('PUBLISHED');
      return offer;
    });
    expect(live.marketplaceOfferId).toMatch(/^offer-/);
    expect(live.changeSets).toEqual([expect.objectContaining({ status: 'SUCCEEDED', errors: [] })]);
    expect(await marketplaceChangeSets(stack)).toHaveLength(1);

    const accepted = await call('POST', `${stack.sandboxUrl}/_sandbox/aws/agreements`, {
      body: {
        offerId: live.marketplaceOfferId,
        acceptorAccountId: BUYER,
        proposerAccountId: ISV_ACCOUNT,
        productId: PRODUCT_ID,
        agreementValue: '2400.00',
      },
    });
    expect(accepted.status).toBe(201);
    await eventually(async () => expect((await getOffer(drafted.body.id)).body.state).toBe('ACCEPTED'));

    const audit = await call<{ entries: { action: string; actor: string; reason: string | null }[] }>(
      'GET',
      `${stack.apiUrl}/v1/offers/${drafted.body.id}/audit`,
      { key: ADMIN_KEY },
    );
    expect(audit.body.entries.map((e) => e.action)).toEqual([
      'offer.drafted',
      'offer.publish-requested',
      'offer.published',
      'offer.accepted',
    ]);
    expect(audit.body.entries[3].reason).toMatch(new RegExp(`buyer account ${BUYER} accepted`));
    const [link] = await queryDatabase<{ offer_id: string }>(stack.config.DATABASE_URL, 'SELECT offer_id FROM agreement');
    expect(link.offer_id).toBe(drafted.body.id);
  });

  it('shows a published offer past its expiry as EXPIRED, in the API and its state filter, without anyone expiring it', async () => {
    const drafted = await draft();
    await call('POST', `${stack.apiUrl}/v1/offers/${drafted.body.id}/publish`, { key: ADMIN_KEY, body: {} });
    await eventually(async () => expect((await getOffer(drafted.body.id)).body.state).toBe('PUBLISHED'));
    // Time passes: the expiry the marketplace enforces is now behind us.
    await queryDatabase(stack.config.DATABASE_URL, `UPDATE offer SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      drafted.body.id,
    ]);
    expect((await getOffer(drafted.body.id)).body.state).toBe('EXPIRED');
    const listed = async (state: string) =>
      (await call<{ offers: { id: string }[] }>('GET', `${stack.apiUrl}/v1/offers?state=${state}`, { key: ADMIN_KEY })).body.offers.map(
        (o) => o.id,
      );
    expect(await listed('EXPIRED')).toEqual([drafted.body.id]);
    expect(await listed('PUBLISHED')).toEqual([]);
  });

  it('lists an offer as its own answer shows it, field for field and in the same order: instalments, a custom EULA, the dimensions', async () => {
    const drafted = await draft({
      pricingModel: 'Contract',
      paymentSchedule: [
        { chargeDate: inDays(10).slice(0, 10), amount: '1200.00' },
        { chargeDate: inDays(40).slice(0, 10), amount: '1200.50' },
      ],
      eula: { type: 'CustomEula', url: 'https://example.com/eula.pdf' },
    });
    expect(drafted.status).toBe(201);
    const listed = await call<{ offers: unknown[] }>('GET', `${stack.apiUrl}/v1/offers`, { key: ADMIN_KEY });
    expect(JSON.stringify(listed.body.offers)).toBe(JSON.stringify([(await getOffer(drafted.body.id)).body]));
  });

  it('refuses an instalment finer than a cent with the field and reason, and stores nothing', async () => {
    const refused = await draft({
      pricingModel: 'Contract',
      paymentSchedule: [{ chargeDate: inDays(10).slice(0, 10), amount: '1200.005' }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([{ field: 'paymentSchedule.0.amount', reason: '"1200.005" has 3 decimals but USD has 2' }]);
    expect(await queryDatabase(stack.config.DATABASE_URL, 'SELECT id FROM offer')).toEqual([]);
  });

  it('publishes an offer paid by instalments as AWS takes it: a zero-priced upfront term and the schedule', async () => {
    const drafted = await draft({
      pricingModel: 'Contract',
      prices: [{ dimension: 'seats', price: '0.00' }],
      paymentSchedule: [
        { chargeDate: inDays(10).slice(0, 10), amount: '6000.00' },
        { chargeDate: inDays(200).slice(0, 10), amount: '6000.00' },
      ],
    });
    expect(drafted.status).toBe(201);
    expect((await call('POST', `${stack.apiUrl}/v1/offers/${drafted.body.id}/publish`, { key: ADMIN_KEY, body: {} })).status).toBe(202);
    const live = await eventually(async () => {
      const offer = (await getOffer(drafted.body.id)).body;
      expect(offer.state).toBe('PUBLISHED');
      return offer;
    });
    const described = await call<{ DetailsDocument: { Terms: { Type: string; Price?: string }[] } }>(
      'GET',
      `${stack.sandboxUrl}/DescribeEntity?catalog=AWSMarketplace&entityId=${live.marketplaceOfferId}`,
    );
    expect(described.body.DetailsDocument.Terms.filter((t) => /PricingTerm$|PaymentScheduleTerm/.test(t.Type))).toEqual([
      expect.objectContaining({ Type: 'FixedUpfrontPricingTerm', Price: '0.00' }),
      expect.objectContaining({ Type: 'PaymentScheduleTerm' }),
    ]);
  });

  it('refuses instalments on a usage offer, which AWS takes only beside a contract', async () => {
    const refused = await draft({ pricingModel: 'Usage', paymentSchedule: [{ chargeDate: inDays(10).slice(0, 10), amount: '100.00' }] });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'paymentSchedule' })]));
  });

  it("re-prices a contract draft's value when its prices change, and refuses new prices once released, before sending anything", async () => {
    const drafted = await draft({
      pricingModel: 'Contract',
      prices: [
        { dimension: 'seats', price: '12000.00' },
        { dimension: 'api_calls', price: '3000.00' },
      ],
    });
    expect(drafted.status).toBe(201);
    const value = async () =>
      (await call<{ contractValue: { amountMinor: string } }>('GET', `${stack.apiUrl}/v1/offers/${drafted.body.id}`, { key: ADMIN_KEY }))
        .body.contractValue.amountMinor;
    expect(await value()).toBe('1500000');
    const patched = await call('PATCH', `${stack.apiUrl}/v1/offers/${drafted.body.id}`, {
      key: ADMIN_KEY,
      body: {
        prices: [
          { dimension: 'seats', price: '18000.00' },
          { dimension: 'api_calls', price: '3000.00' },
        ],
      },
    });
    expect(patched.status).toBeLessThan(300);
    expect(await value()).toBe('2100000');

    // Released, an offer's pricing terms are fixed on AWS (INCOMPATIBLE_TERMS): the product says so and sends nothing.
    expect((await call('POST', `${stack.apiUrl}/v1/offers/${drafted.body.id}/publish`, { key: ADMIN_KEY, body: {} })).status).toBe(202);
    await eventually(async () => expect((await getOffer(drafted.body.id)).body.state).toBe('PUBLISHED'));
    const repriced = await call<{ details: { field: string; reason: string }[] }>('PATCH', `${stack.apiUrl}/v1/offers/${drafted.body.id}`, {
      key: ADMIN_KEY,
      body: {
        prices: [
          { dimension: 'seats', price: '9000.00' },
          { dimension: 'api_calls', price: '1000.00' },
        ],
      },
    });
    expect(repriced.status).toBe(400);
    expect(repriced.body.details).toEqual([{ field: 'prices', reason: expect.stringMatching(/INCOMPATIBLE_TERMS.*replacement/) }]);
    const retargeted = await call<{ details: { field: string; reason: string }[] }>(
      'PATCH',
      `${stack.apiUrl}/v1/offers/${drafted.body.id}`,
      { key: ADMIN_KEY, body: { buyerAccounts: ['111122224444'] } },
    );
    expect(retargeted.body.details).toEqual([{ field: 'buyerAccounts', reason: expect.stringMatching(/INCOMPATIBLE_TARGETING/) }]);
    expect(await value()).toBe('2100000');
    expect(await marketplaceChangeSets(stack)).toHaveLength(1);
    // Its name and expiry still change, through a change set.
    expect(
      (
        await call('PATCH', `${stack.apiUrl}/v1/offers/${drafted.body.id}`, {
          key: ADMIN_KEY,
          body: { name: 'Contoso analytics, renamed' },
        })
      ).status,
    ).toBe(200);
    await eventually(async () => expect(await marketplaceChangeSets(stack)).toHaveLength(2));
  });

  it('shows a failed change set with its errors in words', async () => {
    // The product's copy of the listing has a dimension the catalog does not (drift): our checks pass, AWS's fail.
    await queryDatabase(
      stack.config.DATABASE_URL,
      `INSERT INTO listing_dimension (id, listing_id, key, name, unit, unit_price, currency) VALUES (gen_random_uuid(), $1, 'gpu_hours', 'GPU hours', 'Hours', 1.5, 'USD')`,
      [listingId],
    );
    const drafted = await draft({ prices: [{ dimension: 'gpu_hours', price: '1.20' }] });
    expect(drafted.status).toBe(201);
    await call('POST', `${stack.apiUrl}/v1/offers/${drafted.body.id}/publish`, { key: ADMIN_KEY, body: {} });

    const failed = await eventually(async () => {
      const offer = (await getOffer(drafted.body.id)).body;
      expect(offer.state).toBe('FAILED');
      return offer;
    });
    expect(failed.changeSets[0].status).toBe('FAILED');
    expect(failed.changeSets[0].errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'prices', code: 'INCOMPATIBLE_PRODUCT', message: expect.stringMatching(/gpu_hours/) }),
      ]),
    );
    const audit = await call<{ entries: { action: string; reason: string }[] }>(
      'GET',
      `${stack.apiUrl}/v1/offers/${drafted.body.id}/audit`,
      { key: ADMIN_KEY },
    );
    expect(audit.body.entries.at(-1)).toMatchObject({
      action: 'offer.publish-failed',
      reason: expect.stringMatching(/^Setting the prices failed: .*gpu_hours/),
    });
  });

  it.each([
    [
      'an unknown dimension',
      { prices: [{ dimension: 'gpu_hours', price: '1.00' }] },
      'prices.0.dimension',
      /not a dimension of this listing/,
    ],
    ['a negative price', { prices: [{ dimension: 'seats', price: '-5.00' }] }, 'prices.0.price', /must not be negative/],
    ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt', /must be in the future/],
    ['a buyer account that is not an AWS account id', { buyerAccounts: ['contoso-prod'] }, 'buyerAccounts.0', /12-digit AWS account id/],
  ])('refuses a draft with %s, naming the field, and sends nothing to the marketplace', async (_, overrides, field, reason) => {
    const answer = await draft(overrides);
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual(expect.arrayContaining([{ field, reason: expect.stringMatching(reason) }]));
    const [{ count }] = await queryDatabase<{ count: string }>(stack.config.DATABASE_URL, 'SELECT count(*) FROM offer');
    expect(count).toBe('0');
    expect(await marketplaceChangeSets(stack)).toEqual([]);
  });

  it("lets a partner see and change only its own offers: another partner's answer 404", async () => {
    const first = await createPartner(stack, 'Fabrikam Consulting', 'GSI', '222233334444');
    const second = await createPartner(stack, 'Tailspin Partners', 'GSI', '555566667777');
    const mine = await draft({}, first.key);
    expect(mine.status).toBe(201);
    expect(mine.body.partnerId).toBe(first.id);

    expect((await getOffer(mine.body.id, first.key)).status).toBe(200);
    expect((await getOffer(mine.body.id, second.key)).status).toBe(404);
    expect((await call('PATCH', `${stack.apiUrl}/v1/offers/${mine.body.id}`, { key: second.key, body: { name: 'mine now' } })).status).toBe(
      404,
    );
    expect((await call('POST', `${stack.apiUrl}/v1/offers/${mine.body.id}/publish`, { key: second.key, body: {} })).status).toBe(404);
    expect((await call('GET', `${stack.apiUrl}/v1/offers/${mine.body.id}/audit`, { key: second.key })).status).toBe(404);
    expect((await call<{ offers: unknown[] }>('GET', `${stack.apiUrl}/v1/offers`, { key: second.key })).body.offers).toEqual([]);
    expect((await call<{ offers: unknown[] }>('GET', `${stack.apiUrl}/v1/offers`, { key: ADMIN_KEY })).body.offers).toHaveLength(1);
    expect(await marketplaceChangeSets(stack)).toEqual([]);
  });
});
