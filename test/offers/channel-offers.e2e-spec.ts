import { eventually } from '@bridge/testing';
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

const RESELLER_ACCOUNT = '888899990000';
const BUYER = '777788889999';

// Four apps and the sandbox start in beforeAll: more than Jest's 5 s on a loaded two-core machine.
jest.setTimeout(60_000);

describe('channel offers: resale authorization, reseller offer with markup, credit to the reseller', () => {
  let stack: Awaited<ReturnType<typeof startOffersStack>>;
  let listingId: string;

  beforeAll(async () => {
    stack = await startOffersStack();
  });
  afterAll(() => stack.stop());
  beforeEach(async () => {
    ({ listingId } = await freshWorld(stack));
  });

  it('credits the reseller through the attribution bridge once the buyer accepts its channel offer', async () => {
    const reseller = await createPartner(stack, 'Northwind Resale', 'RESELLER', RESELLER_ACCOUNT);
    const other = await createPartner(stack, 'Tailspin Resale', 'RESELLER', '555566667777');

    const granted = await call<{ id: string; state: string }>('POST', `${stack.apiUrl}/v1/resale-authorizations`, {
      key: ADMIN_KEY,
      body: {
        listingId,
        resellerPartnerId: reseller.id,
        name: 'Northwind may resell Analytics',
        prices: [{ dimension: 'seats', price: '18.00' }],
        expiresAt: inDays(90),
      },
    });
    expect(granted.status).toBe(201);
    const active = await eventually(async () => {
      const ra = await call<{ state: string; marketplaceId: string }>(
        'GET',
        `${stack.apiUrl}/v1/resale-authorizations/${granted.body.id}`,
        { key: reseller.key },
      );
      expect(ra.body.state).toBe('ACTIVE');
      return ra.body;
    });
    expect(active.marketplaceId).toMatch(/^resaleauthz-/);
    expect((await call('GET', `${stack.apiUrl}/v1/resale-authorizations/${granted.body.id}`, { key: other.key })).status).toBe(404);
    // Only the ISV grants authorizations.
    expect((await call('POST', `${stack.apiUrl}/v1/resale-authorizations`, { key: reseller.key, body: {} })).status).toBe(403);

    const drafted = await call<{ id: string; kind: string; partnerId: string }>('POST', `${stack.apiUrl}/v1/offers`, {
      key: reseller.key,
      body: {
        resaleAuthorizationId: granted.body.id,
        name: 'Contoso via Northwind',
        buyerAccounts: [BUYER],
        markupPercent: '5.0',
        expiresAt: inDays(30),
      },
    });
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({ kind: 'CHANNEL', partnerId: reseller.id });
    // Another reseller cannot use this authorization.
    const stolen = await call<{ details: { field: string }[] }>('POST', `${stack.apiUrl}/v1/offers`, {
      key: other.key,
      body: { resaleAuthorizationId: granted.body.id, name: 'x', buyerAccounts: [BUYER], markupPercent: '1.0', expiresAt: inDays(30) },
    });
    expect(stolen.status).toBe(400);
    expect(stolen.body.details[0].field).toBe('resaleAuthorizationId');

    expect((await call('POST', `${stack.apiUrl}/v1/offers/${drafted.body.id}/publish`, { key: reseller.key, body: {} })).status).toBe(202);
    const live = await eventually(async () => {
      const offer = await call<{ state: string; marketplaceOfferId: string }>('GET', `${stack.apiUrl}/v1/offers/${drafted.body.id}`, {
        key: reseller.key,
      });
      expect(offer.body.state).toBe('PUBLISHED');
      return offer.body;
    });
    // The reseller's change set went out from the reseller's own seller account.
    expect(await marketplaceChangeSets(stack, RESELLER_ACCOUNT)).toHaveLength(1);
    expect(await marketplaceChangeSets(stack, ISV_ACCOUNT)).toHaveLength(1);

    const accepted = await call('POST', `${stack.sandboxUrl}/_sandbox/aws/agreements`, {
      body: {
        offerId: live.marketplaceOfferId,
        acceptorAccountId: BUYER,
        proposerAccountId: RESELLER_ACCOUNT,
        manufacturerAccountId: ISV_ACCOUNT,
        productId: PRODUCT_ID,
        resaleAuthorizationId: active.marketplaceId,
        agreementValue: '5670.00',
      },
    });
    expect(accepted.status).toBe(201);
    const acceptedOffer = await eventually(async () => {
      const offer = await call<{ state: string; contractValue: { amount: string; currency: string } }>(
        'GET',
        `${stack.apiUrl}/v1/offers/${drafted.body.id}`,
        { key: reseller.key },
      );
      expect(offer.body.state).toBe('ACCEPTED');
      return offer.body;
    });
    // Its terms were wholesale prices per seat; it is worth what the buyer agreed to pay.
    expect(acceptedOffer.contractValue).toMatchObject({ amount: '5670.00', currency: 'USD' });
    // The reseller's list shows the offer as its own answer does (markup, authorization), field for field, less its change sets.
    const detail = await call<Record<string, unknown>>('GET', `${stack.apiUrl}/v1/offers/${drafted.body.id}`, { key: reseller.key });
    const listed = await call<{ offers: unknown[] }>('GET', `${stack.apiUrl}/v1/offers`, { key: reseller.key });
    expect(JSON.stringify(listed.body.offers)).toBe(JSON.stringify([{ ...detail.body, changeSets: [] }]));
    const credits = await eventually(async () => {
      const answer = await call<{ entries: { amountMinor: string; engagement: string }[] }>(
        'GET',
        `${stack.apiUrl}/v1/partners/${reseller.id}/credits`,
        { key: reseller.key },
      );
      expect(answer.body.entries).toHaveLength(1);
      return answer.body;
    });
    expect(credits.entries[0]).toMatchObject({ amountMinor: '567000', engagement: 'SOURCED' });
  });
});
