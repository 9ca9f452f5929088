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
export async function azureCustomerOnboarded(client: DemoClient, step: (line: string) => void): Promise<{ customer: string; id: string }> {
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
  return { customer: 'Woodgrove Bank', id: macc.id };
}
