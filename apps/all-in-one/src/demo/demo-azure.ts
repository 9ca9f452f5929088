import type { DemoClient } from './demo-client';

/** The ISV's Azure SaaS offer and the Azure customer of the demo story. */
export const AZURE_OFFER_ID = 'northwind-analytics';
const WOODGROVE_TENANT = '5b0e6c2a-7d41-4f3e-9a8b-2c1d0e9f8a7b';
const DAY = 86_400_000;

interface Id {
  id: string;
}

/**
 * Woodgrove Bank buys Northwind Analytics on Azure: the offer is recorded
 * with its plan prices and as "Azure benefit eligible", Woodgrove has a MACC,
 * buys ten Gold seats in the Azure portal, lands on the product's landing
 * page and activates; the agreement is recorded and the MACC draws down.
 */
export async function azureCustomerOnboarded(
  client: DemoClient,
  step: (line: string) => void,
): Promise<{ customer: string; id: string; customerId: string }> {
  await client.api('PUT', `/v1/listings/azure/${AZURE_OFFER_ID}`, {
    title: 'Northwind Analytics',
    benefitEligible: true,
    benefitEligibleSince: new Date(Date.now() - 180 * DAY).toISOString(),
    plans: [
      { planId: 'standard', name: 'Standard', price: '400.00', currency: 'USD', term: 'P1M', perSeat: true },
      { planId: 'gold', name: 'Gold', price: '900.00', currency: 'USD', term: 'P1M', perSeat: true },
    ],
  });
  await client.sandbox('POST', '/_sandbox/azure/offers', {
    offerId: AZURE_OFFER_ID,
    publisherId: 'northwindpublisher',
    plans: [
      { planId: 'standard', displayName: 'Standard', isPricePerSeat: true, dimensions: ['api_calls'] },
      { planId: 'gold', displayName: 'Gold', isPricePerSeat: true, dimensions: ['api_calls'] },
    ],
  });
  const woodgrove = await client.api<Id>('POST', '/v1/customers', {
    name: 'Woodgrove Bank',
    cloudAccounts: [{ cloud: 'AZURE', accountId: WOODGROVE_TENANT }],
  });
  const macc = await client.api<Id>('POST', '/v1/commitments', {
    customerId: woodgrove.id,
    kind: 'MACC',
    total: '500000.00',
    startsAt: new Date(Date.now() - 90 * DAY).toISOString(),
    endsAt: new Date(Date.now() + 275 * DAY).toISOString(),
  });
  step('Azure: Northwind Analytics recorded as a benefit-eligible Azure offer; Woodgrove Bank has a $500k MACC');

  const bought = await client.sandbox<{ subscription: { id: string }; token: string }>('POST', '/_sandbox/azure/subscriptions', {
    offerId: AZURE_OFFER_ID,
    planId: 'gold',
    quantity: 10,
    tenantId: WOODGROVE_TENANT,
    beneficiaryEmail: 'it-purchasing@woodgrovebank.example',
    name: 'Northwind Analytics for Woodgrove',
  });
  // The buyer's browser: the landing page Microsoft sends it to, then the Activate button (a form post).
  const landing = `${client.apiUrl}/marketplace/azure/landing`;
  const shown = await fetch(`${landing}?token=${encodeURIComponent(bought.token)}`);
  if (!shown.ok) throw new Error(`the Azure landing page answered ${shown.status}`);
  const activated = await fetch(landing, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: bought.token }).toString(),
  });
  if (!activated.ok) throw new Error(`activating the Azure subscription answered ${activated.status}`);
  await client.until('the MACC to draw down', async () => {
    const burndown = await client.api<{ drawnToDate: { amountMinor: string } }>('GET', `/v1/commitments/${macc.id}/burndown`);
    return burndown.drawnToDate.amountMinor !== '0';
  });
  step(
    `Azure: Woodgrove Bank bought 10 Gold seats, activated them on the landing page (${bought.subscription.id}); its MACC drew down $9,000.00`,
  );
  return { customer: 'Woodgrove Bank', id: macc.id, customerId: woodgrove.id };
}

/** Woodgrove's Azure subscription, where Globex deploys Northwind's virtual machine appliance. */
const WOODGROVE_SUBSCRIPTION = '8d2f4a6c-1b3e-4c5d-9e7f-0a1b2c3d4e5f';
const VM_PLAN = { publisherId: 'northwindpublisher', offerId: 'northwind-appliance', planId: 'standard-vm' };

/**
 * Globex deploys Northwind's VM appliance for Woodgrove: it registers the
 * deal (approved), and before deploying accepts the VM plan's marketplace
 * terms on Woodgrove's subscription through the product (Marketplace
 * Ordering, against the sandbox's Resource Manager); the acceptance is
 * recorded on the registration and shown with it in the dashboard.
 */
export async function vmPlanTermsAccepted(
  client: DemoClient,
  gsi: { name: string; id: string; key?: string },
  woodgroveId: string,
  step: (line: string) => void,
): Promise<{ partner: string; customer: string; id: string }> {
  await client.sandbox('POST', '/_sandbox/azure/marketplace-ordering/plans', VM_PLAN);
  const deal = await client.api<Id>(
    'POST',
    '/v1/deals',
    { customerId: woodgroveId, engagement: 'SOURCED', estimatedValue: '60000.00', currency: 'USD' },
    gsi.key,
  );
  await client.api('POST', `/v1/deals/${deal.id}/approve`, { reason: 'demo: Globex deploys the appliance for Woodgrove' });
  const accepted = await client.api<{ acceptance: { agreementId: string } }>(
    'POST',
    `/v1/deals/${deal.id}/marketplace-terms/accept`,
    { subscriptionId: WOODGROVE_SUBSCRIPTION, ...VM_PLAN },
    gsi.key,
  );
  step(
    `Azure: Globex accepted the ${VM_PLAN.offerId}/${VM_PLAN.planId} VM plan's marketplace terms on Woodgrove's subscription; recorded on its registration (${accepted.acceptance.agreementId})`,
  );
  return { partner: gsi.name, customer: 'Woodgrove Bank', id: deal.id };
}
