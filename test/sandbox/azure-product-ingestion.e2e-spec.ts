import { entraToken } from './entra-token.client';
import { startSandbox, type Json, type Sandbox } from './sandbox-harness';

const BASE = '/rp/product-ingestion';
const BILLING_ACCOUNT = '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b:4c5d6e7f-8a9b-4c0d-8e1f-2a3b4c5d6e7f_2019-05-31';
const UNKNOWN_PRODUCT = 'product/00000000-0000-4000-8000-000000000001';

/** The customer private offer of "Create a direct ISV to customer private offer", naming product and plan as given. */
function customerOffer(product: string, plan: string, name = 'Fabrikam analytics') {
  return {
    $schema: 'https://schema.mp.microsoft.com/schema/configure/2022-07-01',
    resources: [
      {
        $schema: 'https://schema.mp.microsoft.com/schema/price-and-availability-private-offer-plan/2023-07-15',
        resourceName: 'price-silver',
        product,
        plan,
        offerPricingType: 'editExistingOfferPricingOnly',
        pricing: {
          recurrentPrice: { priceInputOption: 'usd', prices: [{ pricePerPaymentInUsd: 80, billingTerm: { type: 'month', value: 1 } }] },
        },
      },
      {
        $schema: 'https://schema.mp.microsoft.com/schema/private-offer/2023-07-15',
        name,
        state: 'live',
        privateOfferType: 'customerPromotion',
        offerPricingType: 'editExistingOfferPricingOnly',
        variableStartDate: true,
        end: '2027-12-31',
        acceptBy: '2027-01-31',
        preparedBy: 'amy@northwind.example',
        beneficiaries: [{ id: BILLING_ACCOUNT, description: name }],
        pricing: [{ product, plan, discountType: 'absolute', priceDetails: { resourceName: 'price-silver' } }],
      },
    ],
  };
}

describe('sandbox: Product Ingestion API private offers name products and plans by durable id', () => {
  let sandbox: Sandbox;
  let token: string;
  let product: string;
  let silver: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.stop());
  beforeEach(async () => {
    await sandbox.control('POST', '/_sandbox/reset');
    token = String((await entraToken(sandbox.url, sandbox.entraPort, { scope: 'https://graph.microsoft.com/.default' })).body.access_token);
    await sandbox.control('POST', '/_sandbox/azure/offers', {
      offerId: 'bridge-saas',
      plans: [{ planId: 'silver', dimensions: [] }],
    });
    // The publisher's way to the durable ids: the product by its external id, then its live resource tree.
    const found = await graph('GET', `/product?externalID=bridge-saas&$version=2022-03-01-preview3`);
    product = found.body.value[0].id;
    const tree = await graph('GET', `/resource-tree/${product}?targetType=live&$version=2022-03-01-preview5`);
    silver = tree.body.resources.find((r: Json) => r.identity?.externalID === 'silver').id;
  });

  const graph = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sandbox.url}${BASE}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json) : undefined };
  };
  const configure = (body: unknown) => graph('POST', '/configure?$version=2022-07-01', body);
  const finished = async (jobId: string) => {
    await graph('GET', `/configure/${jobId}/status?$version=2022-07-01`);
    return (await graph('GET', `/configure/${jobId}/status?$version=2022-07-01`)).body;
  };

  it('refuses a configure naming the product or plan by offer id or planId, with the documented 400 error', async () => {
    expect(product).toMatch(/^product\/[0-9a-f-]{36}$/);
    expect(silver).toMatch(/^plan\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
    for (const body of [customerOffer('product/bridge-saas', 'plan/silver'), customerOffer(product, 'plan/silver')]) {
      const refused = await configure(body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'badRequest', message: expect.stringContaining('durable id') });
    }
    expect((await graph('GET', '/private-offer/query?$version=2023-07-15')).body).toEqual({ value: [] });
  });

  it('fails the job, naming the resource, when a durable id is not one of the publisher', async () => {
    const accepted = await configure(customerOffer(UNKNOWN_PRODUCT, `plan/${UNKNOWN_PRODUCT.slice(8)}/${silver.split('/')[2]}`));
    expect(accepted.status).toBe(202);
    const job = await finished(accepted.body.jobId);
    expect(job).toMatchObject({ jobStatus: 'completed', jobResult: 'failed' });
    expect(job.errors).toEqual([
      { code: 'NotFound', message: `${UNKNOWN_PRODUCT} is not a product of this publisher`, resourceId: UNKNOWN_PRODUCT },
    ]);

    const otherPlan = `plan/${product.slice(8)}/00000000-0000-4000-8000-000000000002`;
    const wrongPlan = await finished((await configure(customerOffer(product, otherPlan))).body.jobId);
    expect(wrongPlan.errors).toEqual([{ code: 'NotFound', message: `${otherPlan} is not a plan of ${product}`, resourceId: otherPlan }]);
  });

  it('makes the offer with durable ids, lists it in private-offer/query, and keeps an offer whose answer was lost', async () => {
    const made = await configure(customerOffer(product, silver));
    expect(made.status).toBe(202);
    expect(await finished(made.body.jobId)).toMatchObject({ jobResult: 'succeeded' });
    const detail = (await graph('GET', `/configure/${made.body.jobId}?$version=2023-07-15`)).body;
    expect(detail.pricing).toEqual([{ product, plan: silver, discountType: 'absolute' }]);

    await sandbox.control('POST', '/_sandbox/faults', { operation: 'azure.configure', kind: 'lose-answer' });
    const lost = await configure(customerOffer(product, silver, 'Fabrikam analytics, second year'));
    expect(lost.status).toBe(500);
    const listed = (await graph('GET', '/private-offer/query?$version=2023-07-15')).body.value as Json[];
    expect(listed.map((o) => [o.name, o.state])).toEqual([
      ['Fabrikam analytics', 'live'],
      ['Fabrikam analytics, second year', 'live'],
    ]);
  });
});
