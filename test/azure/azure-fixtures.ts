import { queryDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { ADMIN_KEY, freshWorld } from '../attribution/attribution-fixtures';

export const OFFER = 'bridge-saas';
export const TENANT = '4c5d6e7f-8a9b-4c0d-8e1f-2a3b4c5d6e7f';

/**
 * The product with its workers, for one Azure suite: started once, and before
 * each test an empty world on the sandbox's real clock with the ISV's Azure
 * offer recorded. Read the stack through the getter once the suite runs.
 */
export function azureSuiteStack(): () => ProductStack {
  let stack: ProductStack;
  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }));
  });
  afterAll(() => stack.stop());
  beforeEach(async () => {
    await freshWorld(stack);
    await call('POST', `${stack.sandboxUrl}/_sandbox/clock`, { body: { real: true } });
    await putAzureOffer(stack);
  });
  return () => stack;
}

/** The ISV's Azure SaaS offer as the product records it: two per-seat monthly plans, benefit eligible since January. */
export async function putAzureOffer(stack: ProductStack, benefitEligible = true, key = ADMIN_KEY) {
  const put = await call<{ id: string }>('PUT', `${stack.apiUrl}/v1/listings/azure/${OFFER}`, {
    key,
    body: {
      title: 'Northwind Analytics',
      benefitEligible,
      ...(benefitEligible ? { benefitEligibleSince: '2026-01-01T00:00:00Z' } : {}),
      plans: [
        { planId: 'silver', name: 'Silver', price: '100.00', currency: 'USD', term: 'P1M', perSeat: true },
        { planId: 'gold', name: 'Gold', price: '250.00', currency: 'USD', term: 'P1M', perSeat: true },
      ],
    },
  });
  if (put.status !== 201 && put.status !== 200) throw new Error(`offer not recorded: ${JSON.stringify(put.body)}`);
  await call('POST', `${stack.sandboxUrl}/_sandbox/azure/offers`, {
    body: {
      offerId: OFFER,
      publisherId: 'bridgepublisher',
      plans: [
        { planId: 'silver', isPricePerSeat: true, dimensions: ['gb_scanned'] },
        { planId: 'gold', isPricePerSeat: true, dimensions: ['gb_scanned'] },
      ],
    },
  });
  return put.body.id;
}

/** The buyer purchases in the Azure portal; the sandbox hands back the landing-page token. */
export async function buyOnAzure(stack: ProductStack, planId = 'silver', quantity = 3) {
  const bought = await call<{ subscription: { id: string }; token: string }>('POST', `${stack.sandboxUrl}/_sandbox/azure/subscriptions`, {
    body: { offerId: OFFER, planId, quantity, tenantId: TENANT, beneficiaryEmail: 'it@fabrikam.example', name: 'Analytics for Fabrikam' },
  });
  if (bought.status !== 201) throw new Error(`not bought: ${JSON.stringify(bought.body)}`);
  return { subscriptionId: bought.body.subscription.id, token: bought.body.token };
}

export async function landing(stack: ProductStack, token: string) {
  const response = await fetch(`${stack.apiUrl}/marketplace/azure/landing?token=${encodeURIComponent(token)}`);
  return { status: response.status, html: await response.text() };
}

/** The buyer presses "Activate subscription": the form the page holds, posted as a browser posts it. */
export async function confirm(stack: ProductStack, token: string) {
  const response = await fetch(`${stack.apiUrl}/marketplace/azure/landing`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  return { status: response.status, html: await response.text() };
}

export const sandboxSubscription = async (stack: ProductStack, id: string) =>
  (
    await call<{ id: string; saasSubscriptionStatus: string; planId: string; quantity?: number }>(
      'GET',
      `${stack.sandboxUrl}/_sandbox/azure/subscriptions/${id}`,
    )
  ).body;

export const azureAgreement = async (stack: ProductStack, subscriptionId: string) =>
  (
    await queryDatabase<{
      status: string;
      value_minor: string;
      currency: string;
      plan_id: string | null;
      quantity: number | null;
      billing_term: string | null;
      acceptor_account_id: string;
      customer_id: string | null;
    }>(
      stack.config.DATABASE_URL,
      `SELECT status, value_minor::text, currency, plan_id, quantity, billing_term, acceptor_account_id, customer_id FROM agreement WHERE cloud = 'AZURE' AND marketplace_agreement_id = $1`,
      [subscriptionId],
    )
  )[0];

export const meteredSubscription = async (stack: ProductStack, subscriptionId: string) =>
  (
    await queryDatabase<{ status: string; azure_plan_id: string; product_code: string; listing_id: string | null }>(
      stack.config.DATABASE_URL,
      `SELECT status::text, azure_plan_id, product_code, listing_id FROM metering_subscription WHERE cloud = 'AZURE' AND customer_ref = $1`,
      [subscriptionId],
    )
  )[0];
