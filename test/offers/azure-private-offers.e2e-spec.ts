import { eventually, queryDatabase } from '@bridge/testing';
import { call } from '../http-client';
import { confirm, landing, OFFER, putAzureOffer, TENANT } from '../azure/azure-fixtures';
import { ADMIN_KEY, freshWorld, inDays, startOffersStack, type OffersStack } from './offers-stack';

/** The Fabrikam customer's billing account, as Partner Center names a beneficiary (its tenant after the colon). */
const BILLING_ACCOUNT = `0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b:${TENANT}_2019-05-31`;
/** The reseller's Partner Center (MPN) id. */
const RESELLER_MPN = '12345678';

interface OfferView {
  id: string;
  state: string;
  kind: string;
  cloud: string;
  marketplaceOfferId: string | null;
}

async function published(stack: OffersStack, id: string, key = ADMIN_KEY): Promise<OfferView> {
  return eventually(async () => {
    const offer = await call<OfferView>('GET', `${stack.apiUrl}/v1/offers/${id}`, { key });
    expect(offer.body.state).toBe('PUBLISHED');
    return offer.body;
  });
}

/** The durable ids Partner Center (the sandbox) gave the offer and its Silver plan. */
const durableIds = async (stack: OffersStack) => {
  const offer = (
    await call<{ durableId: string; plans: { planId: string; durableId: string }[] }>(
      'GET',
      `${stack.sandboxUrl}/_sandbox/azure/offers/${OFFER}`,
    )
  ).body;
  return { product: offer.durableId, silver: offer.plans.find((p) => p.planId === 'silver')!.durableId };
};

const sandboxOffer = async (stack: OffersStack, privateOfferId: string) =>
  (
    await call<{
      state: string;
      privateOfferType: string;
      visibleToCustomer: boolean;
      preparedBy?: string;
      originatorPricing?: unknown[];
      pricing?: unknown[];
    }>('GET', `${stack.sandboxUrl}/_sandbox/azure/private-offers/${privateOfferId.replace(/^private-offer\//, '')}`)
  ).body;

describe('Azure private offers and multiparty private offers, through the Product Ingestion API', () => {
  let stack: OffersStack;
  let azureListingId: string;
  let awsListingId: string;

  beforeAll(async () => {
    stack = await startOffersStack();
  });
  afterAll(() => stack.stop());
  beforeEach(async () => {
    ({ listingId: awsListingId } = await freshWorld(stack));
    azureListingId = await putAzureOffer(stack, true, ADMIN_KEY);
  });

  it('publishes a customer private offer with its plan price, refuses a bad one naming the field, and withdraws it', async () => {
    const draft = {
      cloud: 'AZURE',
      listingId: azureListingId,
      name: 'Fabrikam analytics',
      buyerAccounts: [BILLING_ACCOUNT],
      prices: [{ dimension: 'silver', price: '80.00' }],
      expiresAt: inDays(30),
      preparedBy: 'amy@northwind.example',
    };
    const refusals: [Record<string, unknown>, string][] = [
      [{ buyerAccounts: ['111122223333'] }, 'buyerAccounts.0'],
      [{ currency: 'EUR' }, 'currency'],
      [{ preparedBy: undefined }, 'preparedBy'],
      [{ prices: [{ dimension: 'platinum', price: '1.00' }] }, 'prices.0.dimension'],
      [{ listingId: awsListingId }, 'cloud'],
    ];
    for (const [change, field] of refusals) {
      const refused = await call<{ details: { field: string }[] }>('POST', `${stack.apiUrl}/v1/offers`, {
        key: ADMIN_KEY,
        body: { ...draft, ...change },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.details.map((d) => d.field)).toContain(field);
    }
    const before = await queryDatabase<{ n: string }>(stack.config.DATABASE_URL, `SELECT count(*)::text AS n FROM offer`);
    expect(before[0].n).toBe('0');

    const drafted = await call<OfferView>('POST', `${stack.apiUrl}/v1/offers`, { key: ADMIN_KEY, body: draft });
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({ cloud: 'AZURE', kind: 'PRIVATE', state: 'DRAFT' });
    expect((await call('POST', `${stack.apiUrl}/v1/offers/${drafted.body.id}/publish`, { key: ADMIN_KEY, body: {} })).status).toBe(202);
    const live = await published(stack, drafted.body.id);
    expect(live.marketplaceOfferId).toMatch(/^private-offer\/[0-9a-f-]{36}$/);
    const onAzure = await sandboxOffer(stack, live.marketplaceOfferId!);
    expect(onAzure).toMatchObject({
      state: 'live',
      privateOfferType: 'customerPromotion',
      visibleToCustomer: true,
      preparedBy: 'amy@northwind.example',
    });
    // Named by durable id, as the private-offer pages name them, not by offer id and planId.
    const ids = await durableIds(stack);
    expect(ids.product).toMatch(/^product\/[0-9a-f-]{36}$/);
    expect(onAzure.pricing).toEqual([{ product: ids.product, plan: ids.silver, discountType: 'absolute' }]);

    // The customer buys Silver through the offer and is activated: the offer is accepted, as an AWS offer is.
    const bought = await call<{ subscription: { id: string }; token: string }>(
      'POST',
      `${stack.sandboxUrl}/_sandbox/azure/private-offers/${live.marketplaceOfferId!.replace('private-offer/', '')}/purchase`,
      { body: { billingAccountId: BILLING_ACCOUNT, planId: 'silver', quantity: 2, beneficiaryEmail: 'it@fabrikam.example' } },
    );
    expect(bought.status).toBe(201);
    expect((await landing(stack, bought.body.token)).status).toBe(200);
    expect((await confirm(stack, bought.body.token)).status).toBe(200);
    const accepted = await eventually(async () => {
      const offer = await call<OfferView & { contractValue: { amountMinor: string } }>(
        'GET',
        `${stack.apiUrl}/v1/offers/${drafted.body.id}`,
        {
          key: ADMIN_KEY,
        },
      );
      expect(offer.body.state).toBe('ACCEPTED');
      return offer.body;
    });
    // Two seats at the private price of 80.00.
    expect(accepted.contractValue.amountMinor).toBe('16000');
    const audit = await call<{ entries: { action: string; reason: string }[] }>(
      'GET',
      `${stack.apiUrl}/v1/offers/${drafted.body.id}/audit`,
      {
        key: ADMIN_KEY,
      },
    );
    expect(audit.body.entries.at(-1)).toMatchObject({
      action: 'offer.accepted',
      reason: expect.stringContaining(`subscription ${bought.body.subscription.id}`),
    });

    // Partner Center edits a private offer only as a draft.
    const edit = await call('PATCH', `${stack.apiUrl}/v1/offers/${drafted.body.id}`, { key: ADMIN_KEY, body: { name: 'renamed' } });
    expect(edit.status).toBe(409);
  });

  it('withdraws a published offer', async () => {
    const drafted = await call<OfferView>('POST', `${stack.apiUrl}/v1/offers`, {
      key: ADMIN_KEY,
      body: {
        cloud: 'AZURE',
        listingId: azureListingId,
        name: 'Fabrikam analytics',
        buyerAccounts: [BILLING_ACCOUNT],
        prices: [{ dimension: 'silver', price: '80.00' }],
        expiresAt: inDays(30),
        preparedBy: 'amy@northwind.example',
      },
    });
    await call('POST', `${stack.apiUrl}/v1/offers/${drafted.body.id}/publish`, { key: ADMIN_KEY, body: {} });
    const live = await published(stack, drafted.body.id);
    expect((await call('POST', `${stack.apiUrl}/v1/offers/${drafted.body.id}/expire`, { key: ADMIN_KEY, body: {} })).status).toBe(202);
    await eventually(async () => {
      const offer = await call<OfferView>('GET', `${stack.apiUrl}/v1/offers/${drafted.body.id}`, { key: ADMIN_KEY });
      expect(offer.body.state).toBe('EXPIRED');
    });
    expect(await sandboxOffer(stack, live.marketplaceOfferId!)).toMatchObject({ state: 'withdrawn', visibleToCustomer: false });
  });

  it('fails the publication, saying why, of an offer Partner Center does not know, without retrying', async () => {
    const unknown = await call<{ id: string }>('PUT', `${stack.apiUrl}/v1/listings/azure/not-in-partner-center`, {
      key: ADMIN_KEY,
      body: {
        title: 'Unknown',
        benefitEligible: false,
        plans: [{ planId: 'silver', name: 'Silver', price: '100.00', currency: 'USD', term: 'P1M', perSeat: true }],
      },
    });
    expect([unknown.status, unknown.body]).toEqual([201, expect.anything()]);
    const drafted = await call<OfferView>('POST', `${stack.apiUrl}/v1/offers`, {
      key: ADMIN_KEY,
      body: {
        cloud: 'AZURE',
        listingId: unknown.body.id,
        name: 'Fabrikam analytics',
        buyerAccounts: [BILLING_ACCOUNT],
        prices: [{ dimension: 'silver', price: '80.00' }],
        expiresAt: inDays(30),
        preparedBy: 'amy@northwind.example',
      },
    });
    expect(drafted.status).toBe(201);
    await call('POST', `${stack.apiUrl}/v1/offers/${drafted.body.id}/publish`, { key: ADMIN_KEY, body: {} });
    const failed = await eventually(async () => {
      const offer = await call<
        OfferView & { changeSets: { status: string; failureCode: string; errors: { code: string; message: string }[] }[] }
      >('GET', `${stack.apiUrl}/v1/offers/${drafted.body.id}`, { key: ADMIN_KEY });
      expect(offer.body.state).toBe('FAILED');
      return offer.body;
    });
    expect(failed.changeSets[0]).toMatchObject({
      status: 'FAILED',
      failureCode: 'UnknownProduct',
      errors: [
        expect.objectContaining({ code: 'UnknownProduct', message: 'Partner Center has no product with offer id "not-in-partner-center"' }),
      ],
    });
    const [sent] = await queryDatabase<{ submit_attempts: number }>(
      stack.config.DATABASE_URL,
      `SELECT submit_attempts FROM catalog_change_set WHERE subject_id = $1`,
      [drafted.body.id],
    );
    expect(sent.submit_attempts).toBe(0);
  });

  it('publishes once when the answer to configure is lost: the retry finds the private offer the first request made', async () => {
    await call('POST', `${stack.sandboxUrl}/_sandbox/faults`, { body: { operation: 'azure.configure', kind: 'lose-answer' } });
    const drafted = await call<OfferView>('POST', `${stack.apiUrl}/v1/offers`, {
      key: ADMIN_KEY,
      body: {
        cloud: 'AZURE',
        listingId: azureListingId,
        name: 'Fabrikam analytics',
        buyerAccounts: [BILLING_ACCOUNT],
        prices: [{ dimension: 'silver', price: '80.00' }],
        expiresAt: inDays(30),
        preparedBy: 'amy@northwind.example',
      },
    });
    await call('POST', `${stack.apiUrl}/v1/offers/${drafted.body.id}/publish`, { key: ADMIN_KEY, body: {} });
    const live = await published(stack, drafted.body.id);
    const onAzure = await call<{ value: { id: string; name: string }[] }>('GET', `${stack.sandboxUrl}/_sandbox/azure/private-offers`);
    expect(onAzure.body.value.map((o) => o.id)).toEqual([live.marketplaceOfferId]);
    const [set] = await queryDatabase<{ submit_attempts: number; marketplace_change_set_id: string | null }>(
      stack.config.DATABASE_URL,
      `SELECT submit_attempts, marketplace_change_set_id FROM catalog_change_set WHERE subject_id = $1`,
      [drafted.body.id],
    );
    // The lost answer counted as one failed attempt; the job id never reached the product, the offer did.
    expect(set).toEqual({ submit_attempts: 1, marketplace_change_set_id: null });
  });

  it('MPO: the ISV authorises the reseller, the reseller adds its margin and sends it, the buyer purchases, the reseller is credited', async () => {
    const partner = await call<{ id: string }>('POST', `${stack.apiUrl}/v1/partners`, {
      key: ADMIN_KEY,
      body: { name: 'Northwind Resale', persona: 'RESELLER', cloudAccounts: [{ cloud: 'AZURE', accountId: RESELLER_MPN }] },
    });
    expect(partner.status).toBe(201);
    const resellerKey = (
      await call<{ key: string }>('POST', `${stack.apiUrl}/v1/api-keys`, {
        key: ADMIN_KEY,
        body: { name: 'Northwind portal', role: 'PARTNER', partnerId: partner.body.id },
      })
    ).body.key;

    const authorization = {
      cloud: 'AZURE',
      listingId: azureListingId,
      resellerPartnerId: partner.body.id,
      name: 'Northwind may resell to Fabrikam',
      prices: [{ dimension: 'silver', price: '80.00' }],
      buyerAccounts: [BILLING_ACCOUNT],
      expiresAt: inDays(90),
    };
    const noCustomer = await call<{ details: { field: string }[] }>('POST', `${stack.apiUrl}/v1/resale-authorizations`, {
      key: ADMIN_KEY,
      body: { ...authorization, buyerAccounts: undefined },
    });
    expect(noCustomer.status).toBe(400);
    expect(noCustomer.body.details[0].field).toBe('buyerAccounts');
    const granted = await call<{ id: string }>('POST', `${stack.apiUrl}/v1/resale-authorizations`, { key: ADMIN_KEY, body: authorization });
    expect(granted.status).toBe(201);
    const active = await eventually(async () => {
      const ra = await call<{ state: string; marketplaceId: string }>(
        'GET',
        `${stack.apiUrl}/v1/resale-authorizations/${granted.body.id}`,
        {
          key: resellerKey,
        },
      );
      expect(ra.body.state).toBe('ACTIVE');
      return ra.body;
    });
    expect(active.marketplaceId).toMatch(/^private-offer\//);
    // Visible to the partner, not yet to the customer.
    expect(await sandboxOffer(stack, active.marketplaceId)).toMatchObject({
      privateOfferType: 'multipartyPromotionOriginator',
      state: 'live',
      visibleToCustomer: false,
    });

    const offer = {
      cloud: 'AZURE',
      resaleAuthorizationId: granted.body.id,
      name: 'Fabrikam via Northwind',
      buyerAccounts: [BILLING_ACCOUNT],
      markupPercent: '12.5',
      expiresAt: inDays(30),
      preparedBy: 'sales@northwind.example',
    };
    const otherCustomer = await call<{ details: { field: string }[] }>('POST', `${stack.apiUrl}/v1/offers`, {
      key: resellerKey,
      body: { ...offer, buyerAccounts: [`0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b:9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a_2019-05-31`] },
    });
    expect(otherCustomer.status).toBe(400);
    expect(otherCustomer.body.details[0].field).toBe('buyerAccounts');
    const drafted = await call<OfferView>('POST', `${stack.apiUrl}/v1/offers`, { key: resellerKey, body: offer });
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({ kind: 'CHANNEL', cloud: 'AZURE' });
    expect((await call('POST', `${stack.apiUrl}/v1/offers/${drafted.body.id}/publish`, { key: resellerKey, body: {} })).status).toBe(202);
    const live = await published(stack, drafted.body.id, resellerKey);
    // One multiparty offer: the reseller completed the ISV's.
    expect(live.marketplaceOfferId).toBe(active.marketplaceId);
    const onAzure = await sandboxOffer(stack, active.marketplaceId);
    expect(onAzure).toMatchObject({ visibleToCustomer: true, preparedBy: 'sales@northwind.example' });
    const ids = await durableIds(stack);
    expect(onAzure.originatorPricing).toEqual([
      { product: ids.product, plan: ids.silver, discountType: 'absolute', markupPercentage: 12.5 },
    ]);

    // The customer buys three seats of Silver through the offer, lands and is activated.
    const bought = await call<{ subscription: { id: string }; token: string }>(
      'POST',
      `${stack.sandboxUrl}/_sandbox/azure/private-offers/${active.marketplaceId.replace('private-offer/', '')}/purchase`,
      { body: { billingAccountId: BILLING_ACCOUNT, planId: 'silver', quantity: 3, beneficiaryEmail: 'it@fabrikam.example' } },
    );
    expect(bought.status).toBe(201);
    expect((await landing(stack, bought.body.token)).status).toBe(200);
    expect((await confirm(stack, bought.body.token)).status).toBe(200);

    // 80.00 wholesale + 12.5 % = 90.00 a seat, three seats: the customer's price, credited to the reseller; the buyer's first
    // agreement for the product also pays the reseller the new-logo kicker, 5 % of it.
    const credits = await eventually(async () => {
      const answer = await call<{ entries: { amountMinor: string; engagement: string; source: string }[] }>(
        'GET',
        `${stack.apiUrl}/v1/partners/${partner.body.id}/credits`,
        {
          key: resellerKey,
        },
      );
      expect(answer.body.entries).toHaveLength(2);
      return answer.body.entries;
    });
    expect(credits.map((c) => [c.source, c.amountMinor, c.engagement]).sort()).toEqual([
      ['KICKER', '1350', 'SOURCED'],
      ['PURCHASE', '27000', 'SOURCED'],
    ]);
    const [agreement] = await queryDatabase<{ marketplace_offer_id: string; proposer_account_id: string; value_minor: string }>(
      stack.config.DATABASE_URL,
      `SELECT marketplace_offer_id, proposer_account_id, value_minor::text FROM agreement WHERE cloud = 'AZURE' AND marketplace_agreement_id = $1`,
      [bought.body.subscription.id],
    );
    expect(agreement).toEqual({ marketplace_offer_id: active.marketplaceId, proposer_account_id: RESELLER_MPN, value_minor: '27000' });
    // The reseller's offer is accepted by the purchase, as an AWS channel offer is.
    await eventually(async () => {
      const accepted = await call<OfferView>('GET', `${stack.apiUrl}/v1/offers/${drafted.body.id}`, { key: resellerKey });
      expect(accepted.body.state).toBe('ACCEPTED');
    });
  });
});
