import { eventually, queryDatabase } from '@bridge/testing';
import { documented } from '../fixtures/aws/documented-message';
import { undocumentedPaths } from '../fixtures/aws/fixtures';
import { call } from '../http-client';
import { ADMIN_KEY, createPartner, inDays, ISV_ACCOUNT, offersWorld, PRODUCT_ID, sentChanges } from './offers-stack';

const BUYER = '777788889999';
const RESELLER_ACCOUNT = '888899990000';
const GSI_ACCOUNT = '210000000001';

interface OfferView {
  id: string;
  kind: string;
  state: string;
  partnerId: string | null;
  buyerAccounts: string[];
  marketplaceOfferId: string | null;
  replacesAgreement: { id: string; marketplaceAgreementId: string } | null;
  agreementEndDate: string | null;
  changeSets: { status: string; marketplaceChangeSetId: string | null }[];
  details: { field: string; reason: string }[];
}

interface RecordedAgreement {
  id: string;
  intent: string;
  status: string;
  offer_id: string | null;
}

interface CreditEntry {
  agreementId: string;
  amountMinor: string;
  engagement: string;
  source: string;
}

describe('replacement offers: renewing or upselling an agreement, credited by the same rules', () => {
  const world = offersWorld();

  const replace = (agreementId: string, body: Record<string, unknown>, key = ADMIN_KEY) =>
    call<OfferView>('POST', `${world.stack.apiUrl}/v1/agreements/${agreementId}/replacement-offers`, { key, body });
  const getOffer = (id: string, key = ADMIN_KEY) => call<OfferView>('GET', `${world.stack.apiUrl}/v1/offers/${id}`, { key });
  const offerCount = async () =>
    (await queryDatabase<{ n: string }>(world.stack.config.DATABASE_URL, 'SELECT count(*) AS n FROM offer'))[0].n;
  const creditsOf = async (partnerId: string) =>
    (await call<{ entries: CreditEntry[] }>('GET', `${world.stack.apiUrl}/v1/partners/${partnerId}/credits`, { key: ADMIN_KEY })).body
      .entries;

  /** The agreement as the attribution bridge recorded it from DescribeAgreement. */
  const recorded = (marketplaceAgreementId: string, status = 'ACTIVE') =>
    eventually(async () => {
      const [row] = await queryDatabase<RecordedAgreement>(
        world.stack.config.DATABASE_URL,
        'SELECT id, intent, status, offer_id FROM agreement WHERE marketplace_agreement_id = $1',
        [marketplaceAgreementId],
      );
      expect(row?.status).toBe(status);
      return row;
    });

  /** A buyer accepts an offer in the sandbox: the product hears of it only through the marketplace. */
  const accept = async (body: Record<string, unknown>) => {
    const accepted = await call<{ agreementId: string }>('POST', `${world.stack.sandboxUrl}/_sandbox/aws/agreements`, {
      body: { acceptorAccountId: BUYER, productId: PRODUCT_ID, ...body },
    });
    expect(accepted.status).toBe(201);
    return accepted.body.agreementId;
  };

  const publish = async (offerId: string, key: string) => {
    expect((await call('POST', `${world.stack.apiUrl}/v1/offers/${offerId}/publish`, { key, body: {} })).status).toBe(202);
    return eventually(async () => {
      const offer = (await getOffer(offerId, key)).body;
      expect(offer.state).toBe('PUBLISHED');
      return offer;
    });
  };

  /** The change set went out as the documented request: its change types in order, and no field the page does not show. */
  const expectDocumentedChangeSet = async (offer: OfferView, fixture: string, marketplaceAgreementId: string, account: string) => {
    const page = documented<{ ChangeSet: { ChangeType: string; ChangeName?: string; DetailsDocument: unknown }[] }>(`catalog/${fixture}`)
      .message.ChangeSet;
    const sent = await sentChanges(world.stack, offer.changeSets[0].marketplaceChangeSetId!, account);
    expect(sent.map((c) => c.ChangeType)).toEqual(page.map((c) => c.ChangeType));
    sent.forEach((change, i) =>
      expect({ change: change.ChangeType, undocumented: undocumentedPaths(change, page[i]) }).toEqual({
        change: change.ChangeType,
        undocumented: [],
      }),
    );
    expect(sent[0].DetailsDocument).toMatchObject({ AgreementId: marketplaceAgreementId });
  };

  it('lets alliance renew a direct agreement; the buyer accepts, the old agreement is replaced and the partner is credited as for the first purchase', async () => {
    const gsi = await createPartner(world.stack, 'Globex Integrators', 'GSI', GSI_ACCOUNT);
    const customer = await call<{ id: string }>('POST', `${world.stack.apiUrl}/v1/customers`, {
      key: ADMIN_KEY,
      body: { name: 'Initech', cloudAccounts: [{ cloud: 'AWS', accountId: BUYER }] },
    });
    const deal = await call<{ id: string }>('POST', `${world.stack.apiUrl}/v1/deals`, {
      key: ADMIN_KEY,
      body: { partnerId: gsi.id, customerId: customer.body.id, engagement: 'INFLUENCED', estimatedValue: '100000.00', currency: 'USD' },
    });
    expect(
      (await call('POST', `${world.stack.apiUrl}/v1/deals/${deal.body.id}/approve`, { key: ADMIN_KEY, body: { reason: 'qualified' } }))
        .status,
    ).toBe(200);

    const first = await accept({ offerId: 'offer-firstpurchase01', proposerAccountId: ISV_ACCOUNT, agreementValue: '10000.00' });
    const replaced = await recorded(first);
    await eventually(async () =>
      expect(await creditsOf(gsi.id)).toEqual([
        expect.objectContaining({ agreementId: first, amountMinor: '1000000', engagement: 'INFLUENCED' }),
      ]),
    );

    const renewal = {
      name: 'Initech analytics, renewal',
      expiresAt: inDays(30),
      agreementEndDate: inDays(400).slice(0, 10),
      pricingModel: 'Contract',
      prices: [{ dimension: 'seats', price: '12000.00' }],
    };
    const drafted = await replace(replaced.id, renewal);
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({
      kind: 'PRIVATE',
      state: 'DRAFT',
      buyerAccounts: [BUYER],
      replacesAgreement: { id: replaced.id, marketplaceAgreementId: first },
      agreementEndDate: renewal.agreementEndDate,
    });
    // The list shows the draft as its own answer does, field for field and in the same order.
    const listed = await call<{ offers: { id: string }[] }>('GET', `${world.stack.apiUrl}/v1/offers`, { key: ADMIN_KEY });
    expect(JSON.stringify(listed.body.offers.find((o) => o.id === drafted.body.id))).toBe(JSON.stringify(drafted.body));
    // The partner did not propose the agreement (the ISV did): it is not the partner's to replace.
    expect((await replace(replaced.id, renewal, gsi.key)).status).toBe(404);

    const live = await publish(drafted.body.id, ADMIN_KEY);
    await expectDocumentedChangeSet(live, 'start-change-set.replacement-offer.json', first, ISV_ACCOUNT);

    const second = await accept({ offerId: live.marketplaceOfferId, proposerAccountId: ISV_ACCOUNT, agreementValue: '12000.00' });
    await eventually(async () => expect((await getOffer(drafted.body.id)).body.state).toBe('ACCEPTED'));
    expect(await recorded(second)).toMatchObject({ intent: 'REPLACE', offer_id: drafted.body.id });
    // The sandbox ends the replaced agreement as AWS does; its credit stands (it was not cancelled).
    await recorded(first, 'REPLACED');
    await eventually(async () =>
      expect(await creditsOf(gsi.id)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ agreementId: first, amountMinor: '1000000', engagement: 'INFLUENCED' }),
          expect.objectContaining({ agreementId: second, amountMinor: '1200000', engagement: 'INFLUENCED', source: 'PURCHASE' }),
        ]),
      ),
    );
    expect(await creditsOf(gsi.id)).toHaveLength(2);
  });

  it('lets the reseller replace its channel agreement from its authorization, credited to the reseller again; another reseller gets 404', async () => {
    const reseller = await createPartner(world.stack, 'Northwind Resale', 'RESELLER', RESELLER_ACCOUNT);
    const other = await createPartner(world.stack, 'Tailspin Resale', 'RESELLER', '555566667777');
    const granted = await call<{ id: string }>('POST', `${world.stack.apiUrl}/v1/resale-authorizations`, {
      key: ADMIN_KEY,
      body: {
        listingId: world.listingId,
        resellerPartnerId: reseller.id,
        name: 'Northwind may resell Analytics',
        prices: [{ dimension: 'seats', price: '18.00' }],
        expiresAt: inDays(90),
      },
    });
    expect(granted.status).toBe(201);
    const authorization = await eventually(async () => {
      const ra = await call<{ state: string; marketplaceId: string }>(
        'GET',
        `${world.stack.apiUrl}/v1/resale-authorizations/${granted.body.id}`,
        { key: ADMIN_KEY },
      );
      expect(ra.body.state).toBe('ACTIVE');
      return ra.body;
    });
    const channel = {
      proposerAccountId: RESELLER_ACCOUNT,
      manufacturerAccountId: ISV_ACCOUNT,
      resaleAuthorizationId: authorization.marketplaceId,
    };
    const first = await accept({ ...channel, offerId: 'offer-firstchannel001', agreementValue: '5000.00' });
    const replaced = await recorded(first);
    await eventually(async () => expect(await creditsOf(reseller.id)).toHaveLength(1));

    const renewal = {
      resaleAuthorizationId: granted.body.id,
      name: 'Initech via Northwind, renewal',
      markupPercent: '5.0',
      expiresAt: inDays(30),
      agreementEndDate: inDays(400).slice(0, 10),
    };
    expect((await replace(replaced.id, renewal, other.key)).status).toBe(404);
    const drafted = await replace(replaced.id, renewal, reseller.key);
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({
      kind: 'CHANNEL',
      partnerId: reseller.id,
      buyerAccounts: [BUYER],
      replacesAgreement: { id: replaced.id },
    });
    // The other reseller sees neither the agreement nor the offer.
    expect((await getOffer(drafted.body.id, other.key)).status).toBe(404);

    const live = await publish(drafted.body.id, reseller.key);
    await expectDocumentedChangeSet(live, 'start-change-set.channel-replacement-offer.json', first, RESELLER_ACCOUNT);

    const second = await accept({ ...channel, offerId: live.marketplaceOfferId, agreementValue: '6000.00' });
    await eventually(async () => expect((await getOffer(drafted.body.id, reseller.key)).body.state).toBe('ACCEPTED'));
    expect(await recorded(second)).toMatchObject({ intent: 'REPLACE', offer_id: drafted.body.id });
    await recorded(first, 'REPLACED');
    const credits = await eventually(async () => {
      const entries = await creditsOf(reseller.id);
      expect(entries).toHaveLength(2);
      return entries;
    });
    const [firstCredit, secondCredit] = [first, second].map((id) => credits.find((c) => c.agreementId === id)!);
    expect(secondCredit).toMatchObject({ amountMinor: '600000', engagement: firstCredit.engagement, source: firstCredit.source });
    expect(await creditsOf(other.id)).toEqual([]);
  });

  it('refuses a bad replacement with the field and the reason, and records nothing', async () => {
    const reseller = await createPartner(world.stack, 'Northwind Resale', 'RESELLER', RESELLER_ACCOUNT);
    const directAgreement = await accept({ offerId: 'offer-firstpurchase01', proposerAccountId: ISV_ACCOUNT, agreementValue: '10000.00' });
    const direct = await recorded(directAgreement);
    const channel = await recorded(
      await accept({
        offerId: 'offer-firstchannel001',
        proposerAccountId: RESELLER_ACCOUNT,
        manufacturerAccountId: ISV_ACCOUNT,
        resaleAuthorizationId: 'resaleauthz-expired00001',
        agreementValue: '5000.00',
      }),
    );
    const valid = {
      name: 'renewal',
      expiresAt: inDays(30),
      agreementEndDate: inDays(400).slice(0, 10),
      pricingModel: 'Contract',
      prices: [{ dimension: 'seats', price: '12000.00' }],
    };
    const refusals: [string, Record<string, unknown>, number, string, RegExp][] = [
      [direct.id, { ...valid, agreementEndDate: undefined }, 400, 'agreementEndDate', /required.*MISSING_AGREEMENT_END_DATE/],
      [direct.id, { ...valid, agreementEndDate: inDays(10).slice(0, 10) }, 400, 'agreementEndDate', /after the offer expires/],
      [
        direct.id,
        { ...valid, prices: [{ dimension: 'gpu_hours', price: '1.00' }] },
        400,
        'prices.0.dimension',
        /not a dimension of this listing/,
      ],
      [
        direct.id,
        { ...valid, prices: undefined, resaleAuthorizationId: '00000000-0000-4000-8000-000000000000', markupPercent: '5.0' },
        400,
        'resaleAuthorizationId',
        /sold directly/,
      ],
      [channel.id, valid, 400, 'resaleAuthorizationId', /required.*reseller/],
      ['00000000-0000-4000-8000-000000000000', valid, 404, 'agreementId', /no agreement/],
      ['not-a-uuid', valid, 400, 'agreementId', /UUID/],
    ];
    for (const [agreementId, body, status, field, reason] of refusals) {
      const answer = await replace(agreementId, body);
      expect({ field, status: answer.status, details: answer.body.details }).toEqual({
        field,
        status,
        details: [{ field, reason: expect.stringMatching(reason) }],
      });
    }
    // The reseller's agreement needs an active authorization of the same product: this one was never granted.
    const ungranted = await replace(
      channel.id,
      {
        name: 'renewal',
        resaleAuthorizationId: '00000000-0000-4000-8000-000000000000',
        markupPercent: '5.0',
        expiresAt: inDays(30),
        agreementEndDate: inDays(400).slice(0, 10),
      },
      reseller.key,
    );
    expect(ungranted.status).toBe(400);
    expect(ungranted.body.details).toEqual([
      { field: 'resaleAuthorizationId', reason: expect.stringMatching(/no such resale authorization/) },
    ]);

    // An agreement that has ended is not replaced.
    expect((await call('POST', `${world.stack.sandboxUrl}/_sandbox/aws/agreements/${directAgreement}/cancel`)).status).toBe(200);
    await recorded(directAgreement, 'CANCELLED');
    const ended = await replace(direct.id, valid);
    expect(ended.status).toBe(400);
    expect(ended.body.details).toEqual([{ field: 'agreementId', reason: expect.stringMatching(/cancelled, not active/) }]);
    expect(await offerCount()).toBe('0');
  });
});
