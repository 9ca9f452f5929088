import { mdfPeriodOf } from '@bridge/domain';
import type { DemoClient } from './demo-client';
import { azureCustomerOnboarded, vmPlanTermsAccepted } from './demo-azure';

/** The sandbox's default seller account: the ISV whose product this bridge runs for. */
export const SELLER_ACCOUNT = '111122223333';
export const PRODUCT_ID = 'prod-northwind01';
const PRODUCT_CODE = 'northwind-analytics';
const ACCOUNTS = { reseller: '888899990000', gsi: '444455556666', isv: '333344445555', contoso: '777788889999', initech: '222233334444' };
const DAY = 86_400_000;

export interface DemoOutcome {
  seeded: boolean;
  partners: { name: string; id: string; key?: string }[];
  commitments: { customer: string; id: string }[];
  /** Registrations worth opening in the dashboard (one carries a VM plan's accepted Azure marketplace terms). */
  registrations: { partner: string; customer: string; id: string }[];
  steps: string[];
}

/** Reads what the marketplace delivered to the seller's data-feed bucket and reconciles it (the product's own feed poller). */
export type FeedPoller = () => Promise<void>;

interface Id {
  id: string;
}

const monthStart = (monthsAgo: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1));
};
const at = (monthsAgo: number, day: number) => new Date(monthStart(monthsAgo).getTime() + (day - 1) * DAY + 10 * 3_600_000).toISOString();

/**
 * A small, realistic story told through the product's own API and the
 * sandbox: a reseller, a GSI and a co-selling ISV; two customers with cloud
 * commitments; months of purchases; a channel offer the reseller publishes
 * and the buyer accepts; usage metered hour by hour; and the disbursement
 * that paid for it all, reconciled. Idempotent: a seeded database is left
 * alone (the partners are the marker).
 */
export async function seedDemo(client: DemoClient, pollFeeds: FeedPoller, log: (line: string) => void): Promise<DemoOutcome> {
  const steps: string[] = [];
  const step = (line: string) => {
    steps.push(line);
    log(`demo: ${line}`);
  };
  // A demo holds a few partners: one page of 1,000 holds them all.
  const existing = (await client.api<{ partners: { id: string; name: string }[] }>('GET', '/v1/partners?limit=1000')).partners;
  if (existing.some((p) => p.name === 'Tailspin Resale')) {
    const commitments = await client.api<{ commitments: { id: string; customerId: string; kind: string }[] }>('GET', '/v1/commitments');
    return {
      seeded: false,
      partners: existing.map((p) => ({ name: p.name, id: p.id })),
      commitments: commitments.commitments.map((c) => ({ customer: `${c.kind} commitment`, id: c.id })),
      registrations: [],
      steps,
    };
  }

  // The ISV's product in the marketplace catalog, imported by listing sync.
  await client.sandbox('POST', '/_sandbox/aws/products', {
    productId: PRODUCT_ID,
    productCode: PRODUCT_CODE,
    title: 'Northwind Analytics',
    dimensions: [
      { key: 'api_calls', name: 'API calls', unit: 'Requests', price: '0.10' },
      { key: 'seats', name: 'Seats', unit: 'Users', price: '25.00' },
    ],
  });
  // A sync already running when the product was seeded may have listed the catalog just before it (and a
  // second request is dropped while it runs): ask again every few seconds until the listing is there.
  let askedAt = 0;
  const listing = await client.until('the listing to sync', async () => {
    const found = await client.api<{ listings: { id: string; productId: string; dimensions: unknown[] }[] }>('GET', '/v1/listings');
    const synced = found.listings.find((l) => l.productId === PRODUCT_ID && l.dimensions.length === 2);
    if (!synced && Date.now() - askedAt > 5_000) {
      askedAt = Date.now();
      await client.api('POST', '/v1/listings/sync', {});
    }
    return synced;
  });
  step('listing "Northwind Analytics" synced from the AWS catalog');

  const partner = async (name: string, persona: string, account: string, withKey: boolean) => {
    const created = await client.api<Id>('POST', '/v1/partners', { name, persona, cloudAccounts: [{ cloud: 'AWS', accountId: account }] });
    const key = withKey
      ? (await client.api<{ key: string }>('POST', '/v1/api-keys', { name: `${name} portal`, role: 'PARTNER', partnerId: created.id })).key
      : undefined;
    return { name, id: created.id, key };
  };
  const reseller = await partner('Tailspin Resale', 'RESELLER', ACCOUNTS.reseller, true);
  const gsi = await partner('Globex Integrators', 'GSI', ACCOUNTS.gsi, true);
  const isv = await partner('Fabrikam Data', 'ISV', ACCOUNTS.isv, false);
  step('partners: Tailspin Resale (reseller), Globex Integrators (GSI), Fabrikam Data (co-selling ISV)');

  const customer = (name: string, account: string) =>
    client.api<Id>('POST', '/v1/customers', { name, cloudAccounts: [{ cloud: 'AWS', accountId: account }] });
  const contoso = await customer('Contoso Retail', ACCOUNTS.contoso);
  const initech = await customer('Initech', ACCOUNTS.initech);
  const edp = await client.api<Id>('POST', '/v1/commitments', {
    customerId: contoso.id,
    kind: 'EDP',
    total: '1200000.00',
    startsAt: monthStart(5).toISOString(),
    endsAt: monthStart(-7).toISOString(),
    marketplaceCapBps: 5000,
  });
  const ppa = await client.api<Id>('POST', '/v1/commitments', {
    customerId: initech.id,
    kind: 'PPA',
    total: '300000.00',
    startsAt: monthStart(2).toISOString(),
    endsAt: monthStart(-10).toISOString(),
    marketplaceCapBps: 10000,
  });
  step('customers Contoso Retail (EDP $1.2M) and Initech (PPA $300k) with their cloud commitments');

  // Before Globex registers Initech: the co-marketing that led to it.
  await mdfActivityFunded(client, gsi, initech.id, step);

  // Globex sourced Initech; Fabrikam influenced Contoso: approved registrations.
  for (const [p, c, engagement] of [
    [gsi.id, initech.id, 'SOURCED'],
    [isv.id, contoso.id, 'INFLUENCED'],
  ] as const) {
    const deal = await client.api<Id>('POST', '/v1/deals', {
      partnerId: p,
      customerId: c,
      listingId: listing.id,
      engagement,
      estimatedValue: '150000.00',
      currency: 'USD',
    });
    await client.api('POST', `/v1/deals/${deal.id}/approve`, { reason: 'demo: registration checked by alliance team' });
  }
  step('deal registrations approved: Globex sourced Initech, Fabrikam influenced Contoso');

  // Months of marketplace purchases: Contoso partly through Tailspin (CPPO), Initech direct, then with Globex.
  const purchase = (eventId: string, account: string, amount: string, occurredAt: string, resellerAccountId?: string) => ({
    eventId,
    kind: 'PURCHASE',
    cloud: 'AWS',
    customerAccountId: account,
    productId: PRODUCT_ID,
    amount,
    currency: 'USD',
    occurredAt,
    ...(resellerAccountId ? { resellerAccountId } : {}),
  });
  const history = [
    purchase('demo-contoso-m5', ACCOUNTS.contoso, '42000.00', at(5, 12)),
    purchase('demo-contoso-m4', ACCOUNTS.contoso, '38000.00', at(4, 9), ACCOUNTS.reseller),
    purchase('demo-contoso-m3', ACCOUNTS.contoso, '51000.00', at(3, 15)),
    purchase('demo-contoso-m2', ACCOUNTS.contoso, '64000.00', at(2, 7), ACCOUNTS.reseller),
    purchase('demo-contoso-m1', ACCOUNTS.contoso, '58500.00', at(1, 20), ACCOUNTS.reseller),
    purchase('demo-initech-m2', ACCOUNTS.initech, '27000.00', at(2, 3)),
    purchase('demo-initech-m1', ACCOUNTS.initech, '31000.00', at(1, 11)),
    // After the registrations were approved, so they cover these two.
    purchase('demo-initech-now', ACCOUNTS.initech, '45000.00', new Date().toISOString()),
    purchase('demo-contoso-now', ACCOUNTS.contoso, '22000.00', new Date().toISOString()),
  ];
  await client.api('POST', '/v1/revenue-events', { events: history });
  step(`${history.length} marketplace purchases over five months sent as revenue events`);

  await pilotEndingUnrenewed(client, step);
  const channelAgreement = await channelOfferAccepted(client, reseller, listing.id, step);
  await usageFlowing(client, step);
  await disbursementDelivered(client, pollFeeds, channelAgreement, step);
  const woodgrove = await azureCustomerOnboarded(client, step);
  const vmDeployment = await vmPlanTermsAccepted(client, gsi, woodgrove.customerId, step);

  return {
    seeded: true,
    partners: [reseller, gsi, isv],
    commitments: [
      { customer: 'Contoso Retail', id: edp.id },
      { customer: 'Initech', id: ppa.id },
      { customer: woodgrove.customer, id: woodgrove.id },
    ],
    registrations: [vmDeployment],
    steps,
  };
}

/**
 * Globex asks for market development funds for a data-leaders dinner with
 * Initech that took place last week; alliance approves, Globex claims less
 * than approved with its proof, and finance pays it. Initech's registration
 * and purchase that follow are what the dinner produced (its ROI).
 */
async function mdfActivityFunded(client: DemoClient, gsi: { id: string; key?: string }, initechId: string, step: (l: string) => void) {
  const startsAt = new Date(Date.now() - 7 * DAY);
  await client.api('POST', '/v1/mdf/budgets', { period: mdfPeriodOf(startsAt), partnerId: gsi.id, amount: '25000.00' });
  const request = await client.api<Id>(
    'POST',
    '/v1/mdf/requests',
    {
      kind: 'EVENT',
      title: 'Initech data leaders dinner',
      plan: 'A dinner and a hands-on lab with Northwind Analytics for Initech’s data and finance leads',
      targetCustomerIds: [initechId],
      amount: '8000.00',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + DAY).toISOString(),
    },
    gsi.key,
  );
  await client.api('POST', `/v1/mdf/requests/${request.id}/approve`, { reason: 'demo: high-intent activity for a named account' });
  await client.api(
    'POST',
    `/v1/mdf/requests/${request.id}/claim`,
    { amount: '6500.00', leadsReached: 14, customersReached: 1, summary: '14 Initech attendees; lab completed by 9' },
    gsi.key,
  );
  await client.upload(
    `/v1/mdf/requests/${request.id}/claim/attachments?fileName=attendees.csv`,
    'text/csv',
    Buffer.from('name,title,company\nAda Lovelace,Head of Data,Initech\n'),
    gsi.key,
  );
  await client.api('POST', `/v1/mdf/requests/${request.id}/claim/approve`, {});
  await client.api('POST', `/v1/mdf/requests/${request.id}/claim/pay`, { paymentReference: 'demo-AP-0001' });
  step('MDF: Globex ran a $6,500 dinner for Initech from its $25,000 quarterly budget, claimed with proof and paid');
}

/**
 * Contoso's one-month pilot of a second workspace, bought directly: it ends
 * within 30 days and nothing renews it, so Contoso shows at risk to customer
 * success and in the books of the partners who work the account. It includes
 * 25 seats nobody has used yet: usage under what the contract includes.
 */
async function pilotEndingUnrenewed(client: DemoClient, step: (l: string) => void) {
  await client.sandbox('POST', '/_sandbox/aws/agreements', {
    offerId: 'offer-contoso-pilot',
    acceptorAccountId: ACCOUNTS.contoso,
    proposerAccountId: SELLER_ACCOUNT,
    manufacturerAccountId: SELLER_ACCOUNT,
    productId: PRODUCT_ID,
    agreementValue: '9000.00',
    durationMonths: 1,
    dimensions: [{ key: 'seats', quantity: 25 }],
  });
  step('Contoso accepted a one-month pilot ($9,000, 25 seats none of which is used yet) that nobody has renewed yet: an account at risk');
}

/** Tailspin resells under the ISV's authorization: a channel offer with markup, published and accepted by Contoso. */
async function channelOfferAccepted(
  client: DemoClient,
  reseller: { id: string; key?: string },
  listingId: string,
  step: (l: string) => void,
): Promise<string> {
  const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
  const ra = await client.api<Id>('POST', '/v1/resale-authorizations', {
    listingId,
    resellerPartnerId: reseller.id,
    name: 'Tailspin may resell Northwind Analytics',
    prices: [{ dimension: 'seats', price: '18.00' }],
    expiresAt: inDays(180),
  });
  const active = await client.until('the resale authorization', async () => {
    const found = await client.api<{ state: string; marketplaceId: string }>('GET', `/v1/resale-authorizations/${ra.id}`);
    return found.state === 'ACTIVE' && found;
  });
  const offer = await client.api<Id>(
    'POST',
    '/v1/offers',
    {
      resaleAuthorizationId: ra.id,
      name: 'Contoso via Tailspin',
      buyerAccounts: [ACCOUNTS.contoso],
      markupPercent: '5.0',
      expiresAt: inDays(30),
    },
    reseller.key,
  );
  await client.api('POST', `/v1/offers/${offer.id}/publish`, {}, reseller.key);
  const live = await client.until('the channel offer to publish', async () => {
    const found = await client.api<{ state: string; marketplaceOfferId: string }>('GET', `/v1/offers/${offer.id}`);
    return found.state === 'PUBLISHED' && found;
  });
  const accepted = await client.sandbox<{ agreementId?: string; id?: string }>('POST', '/_sandbox/aws/agreements', {
    offerId: live.marketplaceOfferId,
    acceptorAccountId: ACCOUNTS.contoso,
    proposerAccountId: ACCOUNTS.reseller,
    manufacturerAccountId: SELLER_ACCOUNT,
    productId: PRODUCT_ID,
    resaleAuthorizationId: active.marketplaceId,
    agreementValue: '75600.00',
  });
  await client.until(
    'the channel offer to be accepted',
    async () => (await client.api<{ state: string }>('GET', `/v1/offers/${offer.id}`)).state === 'ACCEPTED',
  );
  step('Tailspin published a channel offer to Contoso ($75,600 with 5% markup); Contoso accepted it in the marketplace');
  return (accepted.agreementId ?? accepted.id) as string;
}

/** Contoso's metered subscription: usage for the last hours, sent to the marketplace by the metering worker. */
async function usageFlowing(client: DemoClient, step: (l: string) => void) {
  const licenseArn = `arn:aws:license-manager::294406891311:license:l-demo${ACCOUNTS.contoso}`;
  await client.sandbox('POST', '/_sandbox/aws/customers', {
    customerAWSAccountId: ACCOUNTS.contoso,
    productCode: PRODUCT_CODE,
    licenseArn,
  });
  await client.api('POST', '/v1/usage/subscriptions', {
    cloud: 'AWS',
    customerAwsAccountId: ACCOUNTS.contoso,
    licenseArn,
    productCode: PRODUCT_CODE,
    productId: PRODUCT_ID,
    startedAt: new Date(Date.now() - 6 * 3_600_000).toISOString(),
  });
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const records = [4, 3, 2, 1].flatMap((hoursAgo) =>
    Array.from({ length: 6 }, (_, i) => ({
      idempotencyKey: `demo-usage-${hoursAgo}-${i}`,
      customerAwsAccountId: ACCOUNTS.contoso,
      licenseArn,
      dimension: 'api_calls',
      quantity: 1500 + 250 * i + 100 * hoursAgo,
      timestamp: new Date(hour - hoursAgo * 3_600_000 + i * 540_000).toISOString(),
    })),
  );
  await client.api('POST', '/v1/usage', { records });
  step(`${records.length} usage records over the last 4 hours sent to metering (hours are billed once each is settled)`);
}

/**
 * AWS's disbursement for the channel sale, with the item short-paid for
 * finance to explain: the marketplace invoices it and pays it out, writing
 * the billing events to the seller's data-feed bucket as AWS delivers the
 * feed, and the product reads them from there.
 */
async function disbursementDelivered(client: DemoClient, pollFeeds: FeedPoller, channelAgreementId: string, step: (l: string) => void) {
  // A channel private offer under $1M: Contoso pays Tailspin $75,600.00, and Tailspin is invoiced the ISV's $72,000.00 share (the
  // price without the 5% markup), on which AWS keeps 3% plus 0.5% for the channel; AWS pays $125.00 short.
  await client.sandbox('POST', '/_sandbox/aws/billing/invoices', { agreementId: channelAgreementId, amount: '72000.00' });
  await client.sandbox('POST', '/_sandbox/aws/billing/disbursements', { shortPaid: { [channelAgreementId]: '125.00' } });
  await pollFeeds();
  step(
    'AWS disbursement for the channel agreement delivered to the seller data-feed bucket, read from there and reconciled (short-paid by $125.00, for finance to chase)',
  );
}
