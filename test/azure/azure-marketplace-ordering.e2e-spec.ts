import { queryDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { ADMIN_KEY, createCustomer, createPartner, freshWorld, registerDeal } from '../attribution/attribution-fixtures';
import { issueKey } from '../mdf/mdf-fixtures';
import { documented } from '../fixtures/azure/documented-message';
import { expectSameShape } from '../sandbox/documented-shape';
import { entraToken, sandboxHttps } from '../sandbox/entra-token.client';
import { TENANT } from './azure-fixtures';

jest.setTimeout(90_000);

const SUBSCRIPTION = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const PLAN = { subscriptionId: SUBSCRIPTION, publisherId: 'bridgepublisher', offerId: 'northwind-vm', planId: 'standard' };
const TERMS_PATH = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.MarketplaceOrdering/offerTypes/virtualmachine/publishers/bridgepublisher/offers/northwind-vm/plans/standard/agreements/current`;

interface Acceptance {
  acceptedBy: string;
  acceptedAt: string;
  azureSubscriptionId: string;
  publisherId: string;
  offerId: string;
  planId: string;
  agreementId: string;
  licenseTextLink: string | null;
  privacyPolicyLink: string | null;
  acceptedOnAzureAt: string | null;
}

/**
 * Marketplace Ordering for a deployed (VM) plan, through the real API,
 * @azure/arm-marketplaceordering and the sandbox's Resource Manager stand-in
 * over HTTPS ("Marketplace Agreements - Get" and "- Create", REST reference
 * 2021-01-01): the partner reads the plan's terms on its customer's
 * subscription, accepts them, and the acceptance shows on its registration.
 */
describe('Azure Marketplace Ordering: a deployed plan’s terms accepted by the partner, recorded on its registration', () => {
  let stack: ProductStack;
  let partnerId: string;
  let dealId: string;
  let partnerKey: string;
  let otherKey: string;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }), { workers: false });
  });
  afterAll(() => stack.stop());
  beforeEach(async () => {
    await freshWorld(stack);
    await call('POST', `${stack.sandboxUrl}/_sandbox/clock`, { body: { real: true } });
    const published = await call('POST', `${stack.sandboxUrl}/_sandbox/azure/marketplace-ordering/plans`, {
      body: { publisherId: 'bridgepublisher', offerId: 'northwind-vm', planId: 'standard' },
    });
    expect(published.status).toBe(201);
    partnerId = await createPartner(stack, 'Contoso Deployments', 'GSI', '210987654321');
    const otherId = await createPartner(stack, 'Tailspin Cloud', 'GSI', '310987654321');
    const customerId = await createCustomer(stack, 'Fabrikam', [{ cloud: 'AZURE', accountId: TENANT }]);
    dealId = await registerDeal(stack, partnerId, customerId, 'SOURCED');
    partnerKey = await issueKey(stack, 'PARTNER', partnerId);
    otherKey = await issueKey(stack, 'PARTNER', otherId);
  });

  const terms = (key: string, query: Record<string, string> = PLAN) =>
    call<{ terms: { accepted: boolean; agreementId: string }; recorded: Acceptance[] }>(
      'GET',
      `${stack.apiUrl}/v1/deals/${dealId}/marketplace-terms?${new URLSearchParams(query).toString()}`,
      { key },
    );
  const accept = (key: string, body: unknown = PLAN, id = dealId) =>
    call<{ acceptance: Acceptance; alreadyAccepted: boolean; details?: { field: string }[]; message?: string }>(
      'POST',
      `${stack.apiUrl}/v1/deals/${id}/marketplace-terms/accept`,
      { key, body },
    );
  const registration = async (key: string) =>
    (await call<{ id: string; marketplaceTerms: Acceptance[] }>('GET', `${stack.apiUrl}/v1/deals/${dealId}`, { key })).body;
  const recordedRows = async () =>
    Number((await queryDatabase<{ n: string }>(stack.config.DATABASE_URL, 'SELECT count(*) AS n FROM marketplace_term_acceptance'))[0].n);
  const tokensIssued = async () => (await call<{ issued: number }>('GET', `${stack.sandboxUrl}/_sandbox/azure/entra`)).body.issued;

  /** Resource Manager as a caller reaches it: HTTPS, trusting the sandbox's certificate, with a bearer token. */
  const arm = (method: 'GET' | 'PUT', path: string, token: string | null, body?: unknown, apiVersion = '2021-01-01') =>
    sandboxHttps(stack.sandboxUrl, stack.config.SANDBOX_ENTRA_PORT, {
      method,
      path: `${path}?api-version=${apiVersion}`,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const managementToken = async (scope = 'https://management.azure.com/.default') =>
    (await entraToken(stack.sandboxUrl, stack.config.SANDBOX_ENTRA_PORT, { scope })).body.access_token as string;

  it('the sandbox answers Get and Create as the REST reference shows them, for a Resource Manager token only', async () => {
    const token = await managementToken();
    const read = await arm('GET', TERMS_PATH, token);
    expect(read.status).toBe(200);
    const values = ['properties.retrieveDatetime', 'properties.signature'];
    // The page's example is of accepted terms; these are not accepted yet.
    const page = documented<{ properties: Record<string, unknown> }>('marketplace-ordering/get-terms.json').message;
    expectSameShape(read.body, { ...page, properties: { ...page.properties, accepted: false } }, { ignoreValuesAt: values });

    const request = documented<{ properties: Record<string, unknown> }>('marketplace-ordering/create-terms-request.json').message;
    const signature = (read.body.properties as { signature: string }).signature;
    const saved = await arm('PUT', TERMS_PATH, token, { properties: { ...request.properties, signature } });
    expect(saved.status).toBe(200);
    expectSameShape(saved.body, documented('marketplace-ordering/create-terms.json').message, { ignoreValuesAt: values });

    // Terms other than the current ones (another signature) are not accepted; nor is a field the reference does not name.
    expect((await arm('PUT', TERMS_PATH, token, { properties: { ...request.properties, signature: 'OTHER' } })).status).toBe(400);
    expect((await arm('PUT', TERMS_PATH, token, { properties: { ...request.properties, signature, acceptedBy: 'me' } })).status).toBe(400);
    // Resource Manager's own refusals: no token, the marketplace's token, another api-version.
    expect(await arm('GET', TERMS_PATH, null)).toMatchObject({ status: 401, body: { error: { code: 'AuthenticationFailed' } } });
    const marketplaceToken = await managementToken('20e940b3-4c77-4b0b-9a53-9e16a1b010a7/.default');
    expect(await arm('GET', TERMS_PATH, marketplaceToken)).toMatchObject({
      status: 401,
      body: { error: { code: 'InvalidAuthenticationTokenAudience' } },
    });
    expect((await arm('GET', TERMS_PATH, token, undefined, '2015-06-01')).status).toBe(400);
  });

  it('the partner reads the terms, accepts them on its customer’s subscription, and the acceptance shows on its registration', async () => {
    const before = await terms(partnerKey);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ terms: { accepted: false, agreementId: TERMS_PATH }, recorded: [] });

    const accepted = await accept(partnerKey);
    expect(accepted.status).toBe(200);
    expect(accepted.body.alreadyAccepted).toBe(false);
    const evidence = {
      azureSubscriptionId: SUBSCRIPTION,
      publisherId: 'bridgepublisher',
      offerId: 'northwind-vm',
      planId: 'standard',
      agreementId: TERMS_PATH,
      licenseTextLink: 'https://sandbox.example/marketplace/bridgepublisher/northwind-vm/standard/license.html',
      privacyPolicyLink: 'https://sandbox.example/marketplace/bridgepublisher/northwind-vm/standard/privacy.html',
      acceptedBy: expect.stringContaining('api-key:') as unknown,
    };
    expect(accepted.body.acceptance).toMatchObject(evidence);
    expect(accepted.body.acceptance.acceptedOnAzureAt).not.toBeNull();

    // Azure now holds the acceptance on the subscription…
    const onAzure = await arm('GET', TERMS_PATH, await managementToken());
    expect((onAzure.body.properties as { accepted: boolean }).accepted).toBe(true);
    // …and the registration shows it, to the partner and to staff.
    expect((await registration(partnerKey)).marketplaceTerms).toEqual([expect.objectContaining(evidence)]);
    expect((await registration(ADMIN_KEY)).marketplaceTerms).toHaveLength(1);
    expect((await terms(partnerKey)).body).toMatchObject({ terms: { accepted: true }, recorded: [evidence] });

    // Accepting again records nothing twice.
    const again = await accept(partnerKey);
    expect(again.status).toBe(200);
    expect(again.body.alreadyAccepted).toBe(true);
    expect(await recordedRows()).toBe(1);
  });

  it('another partner cannot read or accept terms on someone else’s registration: 404, nothing recorded, nothing accepted on Azure', async () => {
    expect((await accept(otherKey)).status).toBe(404);
    expect((await terms(otherKey)).status).toBe(404);
    expect(await recordedRows()).toBe(0);
    const onAzure = await arm('GET', TERMS_PATH, await managementToken());
    expect((onAzure.body.properties as { accepted: boolean }).accepted).toBe(false);
    // Staff may read the terms but the acceptance is the partner's to give.
    expect((await accept(await issueKey(stack, 'ALLIANCE'))).status).toBe(403);
  });

  it('bad input is refused with the field named and changes nothing; a plan Azure does not know is a 404 on planId', async () => {
    const badSubscription = await accept(partnerKey, { ...PLAN, subscriptionId: 'not-a-subscription' });
    expect(badSubscription.status).toBe(400);
    expect(badSubscription.body.details?.map((d) => d.field)).toEqual(['subscriptionId']);
    const badType = await accept(partnerKey, { ...PLAN, offerType: 'saas' });
    expect(badType.status).toBe(400);
    expect(badType.body.details?.map((d) => d.field)).toEqual(['offerType']);
    const badPath = await terms(partnerKey, { ...PLAN, offerId: '../../other' });
    expect(badPath.status).toBe(400);
    expect(badPath.body).toMatchObject({ details: [{ field: 'query.offerId' }] });
    const unknown = await accept(partnerKey, { ...PLAN, planId: 'premium' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.details?.map((d) => d.field)).toEqual(['planId']);
    expect(await recordedRows()).toBe(0);
  });

  it('an Azure failure is a clear answer: Resource Manager down is a 503 to retry, a refused subscription a 502 naming it', async () => {
    await call('POST', `${stack.sandboxUrl}/_sandbox/faults`, {
      body: { operation: 'azure.marketplaceAgreements.get', kind: 'error5xx', count: 5 },
    });
    const down = await accept(partnerKey);
    expect(down.status).toBe(503);
    await call('POST', `${stack.sandboxUrl}/_sandbox/reset`);
    await call('POST', `${stack.sandboxUrl}/_sandbox/azure/marketplace-ordering/plans`, {
      body: { publisherId: 'bridgepublisher', offerId: 'northwind-vm', planId: 'standard' },
    });
    await call('POST', `${stack.sandboxUrl}/_sandbox/faults`, {
      body: { operation: 'azure.marketplaceAgreements.create', kind: 'forbidden', count: 1 },
    });
    const refused = await accept(partnerKey);
    expect(refused.status).toBe(502);
    expect(refused.body.details?.map((d) => d.field)).toEqual(['subscriptionId']);
    expect(await recordedRows()).toBe(0);
  });

  it('a Resource Manager token that expires mid-way is renewed once and the acceptance goes on', async () => {
    expect((await terms(partnerKey)).status).toBe(200);
    const before = await tokensIssued();
    // Resource Manager's clock passes the token's expiry while the product still holds it as valid.
    await call('POST', `${stack.sandboxUrl}/_sandbox/clock`, { body: { advanceSeconds: 2 * 3600 } });
    const accepted = await accept(partnerKey);
    expect(accepted.status).toBe(200);
    expect((await tokensIssued()) - before).toBe(1);
    expect((await registration(partnerKey)).marketplaceTerms).toHaveLength(1);
  });
});
