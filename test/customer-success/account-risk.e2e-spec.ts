import { randomUUID } from 'node:crypto';
import { eventually, queryDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import {
  ADMIN_KEY,
  createCustomer,
  createPartner,
  creditsOf,
  freshWorld,
  ISV_ACCOUNT,
  registerDeal,
} from '../attribution/attribution-fixtures';
import { issueKey } from '../mdf/mdf-fixtures';

jest.setTimeout(90_000);

const INITECH = '710000000001';
const DAY_MS = 86_400_000;

interface Account {
  customerId: string;
  name: string;
  partners?: { id: string; name: string }[];
  adoption: { activeDimensions: string[]; weeks: { quantityByDimension: Record<string, string> }[] };
  atRisk: boolean;
  risks: { kind: string; reason: string; withinDays?: number }[];
  renewals: { endsAt: string; renewed: boolean }[];
}

/** Metered hours as metering keeps them (already billed and credited, so no worker touches them). */
async function meteredHours(
  stack: ProductStack,
  account: string,
  hours: { daysAgo: number; quantity: number; dimension?: string }[],
  status = 'ACTIVE',
) {
  const subscription = randomUUID();
  await queryDatabase(
    stack.config.DATABASE_URL,
    `INSERT INTO metering_subscription (id, cloud, customer_ref, aws_account_id, product_code, status, started_at)
     VALUES ($1, 'AWS', $2, $2, 'northwind', $3::"MeteringSubscriptionStatus", now() - interval '60 days')`,
    [subscription, account, status],
  );
  for (const h of hours)
    await queryDatabase(
      stack.config.DATABASE_URL,
      `INSERT INTO usage_hour (subscription_id, dimension, hour, received_quantity, record_count, billed_quantity, status, revenue_published_at, revenue_credited_at)
       VALUES ($1, $4, date_trunc('hour', now()) - make_interval(days => $2::int), $3, 1, $3, 'ACCEPTED', now(), now())`,
      [subscription, h.daysAgo, h.quantity, h.dimension ?? 'api_calls'],
    );
}

describe('customer success: adoption, risk signals with reasons, and a partner’s book', () => {
  let stack: ProductStack;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ CS_USAGE_DROP_PERCENT: '40' }));
  });
  afterAll(() => stack.stop());

  it('flags a partner-led account whose usage fell, whose agreement ends without renewal and whose commitment is behind, in the partner’s book and for customer success', async () => {
    await freshWorld(stack);
    const gsi = await createPartner(stack, 'Globex Integrators', 'GSI', '610000000001');
    const other = await createPartner(stack, 'Fabrikam Data', 'ISV', '610000000002');
    const initech = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: INITECH }]);
    const deal = await registerDeal(stack, gsi, initech, 'SOURCED');
    await call('POST', `${stack.apiUrl}/v1/deals/${deal}/approve`, { key: ADMIN_KEY, body: {} });
    // A one-month agreement: it ends within 30 days, and nothing renews it.
    await call('POST', `${stack.sandboxUrl}/_sandbox/aws/agreements`, {
      body: {
        offerId: 'offer-initech-pilot',
        acceptorAccountId: INITECH,
        proposerAccountId: ISV_ACCOUNT,
        manufacturerAccountId: ISV_ACCOUNT,
        productId: 'prod-analytics',
        agreementValue: '12000.00',
        currency: 'USD',
        durationMonths: 1,
      },
    });
    // The split, and the new-logo kicker of Initech's first agreement for the product.
    await eventually(async () => expect((await creditsOf(stack, gsi)).body.entries).toHaveLength(2));
    // API calls halved: 1,000 in the fortnight before, 500 in the last one; 50% is past the configured 40%.
    await meteredHours(stack, INITECH, [
      { daysAgo: 20, quantity: 600 },
      { daysAgo: 16, quantity: 400 },
      { daysAgo: 3, quantity: 500 },
    ]);
    // A PPA far beyond what is being spent.
    await call('POST', `${stack.apiUrl}/v1/commitments`, {
      key: ADMIN_KEY,
      body: {
        customerId: initech,
        kind: 'PPA',
        total: '5000000.00',
        startsAt: new Date(Date.now() - 180 * DAY_MS).toISOString(),
        endsAt: new Date(Date.now() + 185 * DAY_MS).toISOString(),
      },
    });

    const gsiKey = await issueKey(stack, 'PARTNER', gsi);
    const book = await call<{ accounts: Account[] }>('GET', `${stack.apiUrl}/v1/partners/${gsi}/book`, { key: gsiKey });
    expect(book.status).toBe(200);
    expect(book.body.accounts).toHaveLength(1);
    const [account] = book.body.accounts;
    expect(account).toMatchObject({ customerId: initech, name: 'Initech', atRisk: true, adoption: { activeDimensions: ['api_calls'] } });
    expect(account.partners).toBeUndefined();
    expect(account.risks.map((r) => r.kind).sort()).toEqual(['COMMITMENT_BEHIND_PACE', 'RENEWAL_DUE', 'USAGE_FALLING']);
    expect(account.risks.find((r) => r.kind === 'USAGE_FALLING')?.reason).toMatch(/\(500\) is 50% below .*\(1000\); the threshold is 40%/);
    expect(account.renewals).toEqual([expect.objectContaining({ renewed: false })]);
    // A month from now is 28 to 31 days: the 30- or the 60-day band.
    const daysLeft = (Date.parse(account.renewals[0].endsAt) - Date.now()) / DAY_MS;
    expect(account.risks.find((r) => r.kind === 'RENEWAL_DUE')).toMatchObject({ withinDays: daysLeft <= 30 ? 30 : 60 });
    expect(account.adoption.weeks.map((w) => w.quantityByDimension.api_calls ?? '0')).toEqual([
      '0',
      '0',
      '0',
      '0',
      '0',
      '1000',
      '0',
      '500',
    ]);

    // Customer success sees the same account, with the partners who influenced it.
    const staff = await call<{ accounts: Account[] }>('GET', `${stack.apiUrl}/v1/customer-success/accounts?atRisk=true`, {
      key: ADMIN_KEY,
    });
    expect(staff.body.accounts).toEqual([
      expect.objectContaining({ customerId: initech, partners: [{ id: gsi, name: 'Globex Integrators' }] }),
    ]);
    expect(
      (await call<{ accounts: Account[] }>('GET', `${stack.apiUrl}/v1/customer-success/accounts?atRisk=false`, { key: ADMIN_KEY })).body
        .accounts,
    ).toEqual([]);

    // Another partner has an empty book, and cannot read Globex's nor the account.
    const otherKey = await issueKey(stack, 'PARTNER', other);
    expect(
      (await call<{ accounts: Account[] }>('GET', `${stack.apiUrl}/v1/partners/${other}/book`, { key: otherKey })).body.accounts,
    ).toEqual([]);
    expect((await call('GET', `${stack.apiUrl}/v1/partners/${gsi}/book`, { key: otherKey })).status).toBe(404);
    expect((await call('GET', `${stack.apiUrl}/v1/customers/${initech}/health`, { key: otherKey })).status).toBe(404);
    expect((await call<Account>('GET', `${stack.apiUrl}/v1/customers/${initech}/health`, { key: gsiKey })).body.atRisk).toBe(true);
  });

  it('compares the usage metered in an agreement’s term with the quantities its accepted terms include, per dimension', async () => {
    await freshWorld(stack);
    const gsi = await createPartner(stack, 'Globex Integrators', 'GSI', '610000000001');
    const initech = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: INITECH }]);
    const deal = await registerDeal(stack, gsi, initech, 'SOURCED');
    await call('POST', `${stack.apiUrl}/v1/deals/${deal}/approve`, { key: ADMIN_KEY, body: {} });
    // A year's contract that started ten days ago, buying 1,000 API calls and 50 seats (GetAgreementTerms carries the quantities).
    await call('POST', `${stack.sandboxUrl}/_sandbox/clock`, {
      body: { now: new Date(Date.now() - 10 * DAY_MS).toISOString(), running: true },
    });
    let agreementId: string;
    try {
      const accepted = await call<{ agreementId: string }>('POST', `${stack.sandboxUrl}/_sandbox/aws/agreements`, {
        body: {
          offerId: 'offer-initech-annual',
          acceptorAccountId: INITECH,
          proposerAccountId: ISV_ACCOUNT,
          manufacturerAccountId: ISV_ACCOUNT,
          productId: 'prod-analytics',
          agreementValue: '24000.00',
          currency: 'USD',
          durationMonths: 12,
          dimensions: [
            { key: 'api_calls', quantity: 1000 },
            { key: 'seats', quantity: 50 },
          ],
        },
      });
      agreementId = accepted.body.agreementId;
    } finally {
      await call('POST', `${stack.sandboxUrl}/_sandbox/clock`, { body: { real: true } });
    }
    await eventually(async () =>
      expect(
        await queryDatabase(stack.config.DATABASE_URL, `SELECT included_quantities FROM agreement WHERE marketplace_agreement_id = $1`, [
          agreementId,
        ]),
      ).toEqual([{ included_quantities: { api_calls: '1000', seats: '50' } }]),
    );
    // 1,200 calls in the term (700 + 500); the 900 of twenty days ago came before it and count against nothing it bought.
    await meteredHours(stack, INITECH, [
      { daysAgo: 20, quantity: 900 },
      { daysAgo: 5, quantity: 700 },
      { daysAgo: 2, quantity: 500 },
    ]);

    const gsiKey = await issueKey(stack, 'PARTNER', gsi);
    const [account] = (
      await call<{ accounts: (Account & { adoption: { included: unknown[] } })[] }>('GET', `${stack.apiUrl}/v1/partners/${gsi}/book`, {
        key: gsiKey,
      })
    ).body.accounts;
    expect(account.adoption.included).toEqual([
      {
        agreementId,
        dimension: 'api_calls',
        included: '1000',
        used: '1200',
        percentUsed: '120.0',
        state: 'OVER',
        differenceQuantity: '200',
      },
      { agreementId, dimension: 'seats', included: '50', used: '0', percentUsed: '0.0', state: 'UNDER', differenceQuantity: '50' },
    ]);
  });

  it('signals an unsubscribe pending from the marketplace', async () => {
    await freshWorld(stack);
    const gsi = await createPartner(stack, 'Globex Integrators', 'GSI', '610000000001');
    const initech = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: INITECH }]);
    const deal = await registerDeal(stack, gsi, initech, 'SOURCED');
    await call('POST', `${stack.apiUrl}/v1/deals/${deal}/approve`, { key: ADMIN_KEY, body: {} });
    await meteredHours(stack, INITECH, [{ daysAgo: 2, quantity: 10 }], 'UNSUBSCRIBE_PENDING');
    const account = await call<Account>('GET', `${stack.apiUrl}/v1/customers/${initech}/health`, { key: ADMIN_KEY });
    expect(account.body.risks).toEqual([
      expect.objectContaining({ kind: 'UNSUBSCRIBE_PENDING', reason: expect.stringMatching(/unsubscribed/) }),
    ]);
  });
});
