import { eventually, queryDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import {
  acceptOffer,
  ADMIN_KEY,
  allEventsProcessed,
  createCustomer,
  createPartner,
  creditsOf,
  registerDeal,
  freshWorld,
} from './attribution-fixtures';

const RESELLER = '410000000001';
const GSI = '410000000002';
const BUYER = '510000000001';
const TENANT = '6f1c0b1e-0d2a-4c55-9a9b-2b1f3c4d5e6f';

const DAY_MS = 86_400_000;

/**
 * A one-year term running today. Purchases here happen now (a deal approved
 * now covers only revenue from now on), so a term fixed to a calendar year
 * would stop counting them the day that year ends.
 */
const termAroundToday = () => {
  const now = Date.now();
  return { startsAt: new Date(now - 30 * DAY_MS).toISOString(), endsAt: new Date(now + 335 * DAY_MS).toISOString() };
};

interface Amount {
  amountMinor: string;
}
interface Burndown {
  drawnToDate: Amount;
  remaining: Amount;
  partnerDriven: Amount;
  partnerShareBps: number;
  pacePerMonth: Amount;
  forecastAtEnd: Amount;
  points: { month: string; drawn: Amount; cumulative: Amount }[];
  drawdowns: { drawn: Amount; eligible: Amount; reason: string; partnerId: string | null }[];
}

describe('cloud commitments: eligible purchases draw them down by each cloud’s rules', () => {
  let stack: ProductStack;
  let reseller: string;
  let gsi: string;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig());
  });
  afterAll(() => stack.stop());

  beforeEach(async () => {
    await freshWorld(stack);
    reseller = await createPartner(stack, 'Northwind Resale', 'RESELLER', RESELLER);
    gsi = await createPartner(stack, 'Globex Integrators', 'GSI', GSI);
  });

  const commit = async (body: object) => {
    const created = await call<{ id: string }>('POST', `${stack.apiUrl}/v1/commitments`, { key: ADMIN_KEY, body });
    expect(created.status).toBe(201);
    return created.body.id;
  };
  const burndown = async (id: string, asOf?: string) =>
    (await call<Burndown>('GET', `${stack.apiUrl}/v1/commitments/${id}/burndown${asOf ? `?asOf=${asOf}` : ''}`, { key: ADMIN_KEY })).body;

  it('stops an EDP drawdown at its 25% marketplace cap and shows the partner-driven share', async () => {
    const customer = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: BUYER }]);
    const edp = await commit({ customerId: customer, kind: 'EDP', total: '100000.00', ...termAroundToday() });
    await acceptOffer(stack, { buyer: BUYER, proposer: RESELLER, resaleAuthorizationId: 'ra-1', value: '20000.00' });
    await eventually(async () => expect((await burndown(edp)).drawnToDate.amountMinor).toBe('2000000'));
    await acceptOffer(stack, { buyer: BUYER, value: '10000.00' });
    await eventually(async () => expect((await burndown(edp)).drawdowns).toHaveLength(2));

    const view = await burndown(edp);
    // Cap: 25% of $100,000 = $25,000. $20,000 fits, then only $5,000 of the $10,000.
    expect(view.drawnToDate.amountMinor).toBe('2500000');
    expect(view.remaining.amountMinor).toBe('7500000');
    expect(view.drawdowns.map((d) => [d.drawn.amountMinor, d.eligible.amountMinor])).toEqual([
      ['2000000', '2000000'],
      ['500000', '1000000'],
    ]);
    expect(view.drawdowns[1].reason).toMatch(/25% marketplace cap/);
    // The reseller drove the first $20,000 of the $25,000: 80%.
    expect(view.partnerDriven.amountMinor).toBe('2000000');
    expect(view.partnerShareBps).toBe(8000);
    expect(view.drawdowns[0].partnerId).toBe(reseller);
    expect(BigInt(view.pacePerMonth.amountMinor)).toBeGreaterThan(0n);
  });

  it('never draws a MACC down for a purchase invoiced before the MACC starts, and does from its start', async () => {
    const customer = await createCustomer(stack, 'Contoso Retail', [{ cloud: 'AZURE', accountId: TENANT }]);
    const macc = await commit({
      customerId: customer,
      kind: 'MACC',
      total: '500000.00',
      startsAt: '2026-06-01T00:00:00Z',
      endsAt: '2027-06-01T00:00:00Z',
    });
    // The publisher's SaaS offer, "Azure benefit eligible", as listing sync would import it.
    await queryDatabase(
      stack.config.DATABASE_URL,
      `INSERT INTO listing (id, cloud, product_id, title, azure_benefit_eligible, updated_at) VALUES (gen_random_uuid(), 'AZURE', 'contoso-saas', 'Contoso SaaS', true, now())`,
    );
    const sent = await call<{ accepted: number }>('POST', `${stack.apiUrl}/v1/revenue-events`, {
      key: ADMIN_KEY,
      body: {
        events: [
          {
            eventId: 'azure-po-1',
            kind: 'PURCHASE',
            cloud: 'AZURE',
            customerAccountId: TENANT,
            productId: 'contoso-saas',
            amount: '12000.00',
            currency: 'USD',
            occurredAt: '2026-05-20T10:00:00Z',
          },
          {
            eventId: 'azure-po-2',
            kind: 'PURCHASE',
            cloud: 'AZURE',
            customerAccountId: TENANT,
            productId: 'contoso-saas',
            amount: '8000.00',
            currency: 'USD',
            occurredAt: '2026-06-15T10:00:00Z',
          },
        ],
      },
    });
    expect(sent.status).toBe(202);
    await eventually(() => allEventsProcessed(stack));
    const view = await burndown(macc, '2026-07-01T00:00:00Z');
    expect(view.drawdowns.map((d) => d.drawn.amountMinor)).toEqual(['0', '800000']);
    expect(view.drawdowns[0].reason).toMatch(/before the commitment starts/);
    expect(view.drawdowns[1].reason).toMatch(/counts 100%/);
    expect(view.drawnToDate.amountMinor).toBe('800000');
    expect(view.points.map((p) => [p.month, p.cumulative.amountMinor])).toEqual([
      ['2026-06', '800000'],
      ['2026-07', '800000'],
    ]);
  });

  it('takes back credit and drawdown when a purchase is refunded, and credits a repeated event once', async () => {
    const customer = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: BUYER }]);
    await call('POST', `${stack.apiUrl}/v1/deals/${await registerDeal(stack, gsi, customer, 'SOURCED')}/approve`, {
      key: ADMIN_KEY,
      body: {},
    });
    const edp = await commit({ customerId: customer, kind: 'EDP', total: '1000000.00', ...termAroundToday() });
    const purchase = {
      eventId: 'crm-po-7',
      kind: 'PURCHASE',
      cloud: 'AWS',
      customerAccountId: BUYER,
      productId: 'prod-analytics',
      amount: '30000.00',
      currency: 'USD',
      occurredAt: new Date().toISOString(),
    };
    const first = await call<{ accepted: number; duplicates: string[] }>('POST', `${stack.apiUrl}/v1/revenue-events`, {
      key: ADMIN_KEY,
      body: { events: [purchase] },
    });
    const again = await call<{ accepted: number; duplicates: string[] }>('POST', `${stack.apiUrl}/v1/revenue-events`, {
      key: ADMIN_KEY,
      body: { events: [purchase] },
    });
    expect([first.body.accepted, again.body.accepted, again.body.duplicates]).toEqual([1, 0, ['crm-po-7']]);
    await eventually(async () => expect((await creditsOf(stack, gsi)).body.entries).toHaveLength(1));

    const refund = {
      eventId: 'crm-refund-7',
      kind: 'REFUND',
      cloud: 'AWS',
      customerAccountId: BUYER,
      productId: 'prod-analytics',
      amount: '-10000.00',
      currency: 'USD',
      occurredAt: new Date().toISOString(),
      reverses: 'crm-po-7',
    };
    expect((await call('POST', `${stack.apiUrl}/v1/revenue-events`, { key: ADMIN_KEY, body: { events: [refund] } })).status).toBe(202);
    await eventually(async () => expect((await creditsOf(stack, gsi)).body.entries).toHaveLength(2));
    const credits = (await creditsOf(stack, gsi)).body;
    expect(credits.entries.map((e) => [e.source, e.amountMinor])).toEqual([
      ['PURCHASE', '3000000'],
      ['REFUND', '-1000000'],
    ]);
    expect(credits.totals[0].amountMinor).toBe('2000000');
    await eventually(async () => expect((await burndown(edp)).drawnToDate.amountMinor).toBe('2000000'));
  });

  it('refuses a batch with a bad event, naming it, and stores none of it', async () => {
    const answer = await call<{ details: { field: string; reason: string }[] }>('POST', `${stack.apiUrl}/v1/revenue-events`, {
      key: ADMIN_KEY,
      body: {
        events: [
          {
            eventId: 'ok-1',
            kind: 'PURCHASE',
            cloud: 'AWS',
            customerAccountId: BUYER,
            productId: 'p',
            amount: '1.00',
            currency: 'USD',
            occurredAt: '2026-11-01T00:00:00Z',
          },
          {
            eventId: 'bad-2',
            kind: 'REFUND',
            cloud: 'AWS',
            customerAccountId: BUYER,
            productId: 'p',
            amount: '5.00',
            currency: 'USD',
            occurredAt: '2026-11-01T00:00:00Z',
          },
        ],
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.details.map((d) => d.field).sort()).toEqual(['events.1.amount', 'events.1.reverses']);
    await allEventsProcessed(stack);
    expect(
      (
        await call<{ accepted: number }>('POST', `${stack.apiUrl}/v1/revenue-events`, {
          key: ADMIN_KEY,
          body: {
            events: [
              {
                eventId: 'ok-1',
                kind: 'PURCHASE',
                cloud: 'AWS',
                customerAccountId: BUYER,
                productId: 'p',
                amount: '1.00',
                currency: 'USD',
                occurredAt: '2026-11-01T00:00:00Z',
              },
            ],
          },
        })
      ).body.accepted,
    ).toBe(1);
  });
});
