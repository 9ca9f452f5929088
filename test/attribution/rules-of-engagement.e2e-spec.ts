import { eventually, freePort, queryDatabase, startProductStack, testConfig, whileAuditRefused, type ProductStack } from '@bridge/testing';
import { bootstrapApi } from '../../apps/api/src/bootstrap-api';
import { call } from '../http-client';
import {
  acceptOffer,
  ADMIN_KEY,
  createCustomer,
  createPartner,
  creditsOf,
  decisionFor,
  registerDeal,
  freshWorld,
} from './attribution-fixtures';

const GSI_ACCOUNT = '210000000001';
const BOUTIQUE_ACCOUNT = '210000000002';
const BUYER = '310000000001';

interface Conflict {
  id: string;
  status: string;
  partnerIds: string[];
  reason: string;
}

describe('rules of engagement: who is credited for a direct purchase', () => {
  let stack: ProductStack;
  let gsi: string;
  let boutique: string;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig());
  });
  afterAll(() => stack.stop());

  beforeEach(async () => {
    await freshWorld(stack);
    gsi = await createPartner(stack, 'Globex Integrators', 'GSI', GSI_ACCOUNT);
    boutique = await createPartner(stack, 'Contoso Consulting', 'BOUTIQUE_CONSULTANT', BOUTIQUE_ACCOUNT);
  });

  const approve = (id: string) => call('POST', `${stack.apiUrl}/v1/deals/${id}/approve`, { key: ADMIN_KEY, body: { reason: 'qualified' } });
  const conflicts = async () =>
    (await call<{ conflicts: Conflict[] }>('GET', `${stack.apiUrl}/v1/conflicts?status=OPEN`, { key: ADMIN_KEY })).body.conflicts;

  it('credits the partner whose approved influenced registration covers the customer, as influenced', async () => {
    const customer = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: BUYER }]);
    const deal = await registerDeal(stack, gsi, customer, 'INFLUENCED');
    expect((await approve(deal)).status).toBe(200);

    const agreementId = await acceptOffer(stack, { buyer: BUYER, value: '40000.00' });
    const credits = await eventually(async () => {
      const answer = (await creditsOf(stack, gsi)).body;
      expect(answer.entries).toHaveLength(1);
      return answer;
    });
    expect(credits.entries[0]).toMatchObject({ amountMinor: '4000000', engagement: 'INFLUENCED', source: 'PURCHASE', agreementId });
    expect(credits.entries[0].reason).toMatch(/influenced registration/);
    expect((await decisionFor(stack, agreementId)).winner).toBe('PARTNER');
  });

  it('leaves a purchase with direct sales when no registration is approved, and says so', async () => {
    const customer = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: BUYER }]);
    await registerDeal(stack, gsi, customer, 'SOURCED'); // pending, never approved
    const agreementId = await acceptOffer(stack, { buyer: BUYER, value: '1000.00' });
    const decision = await eventually(() => decisionFor(stack, agreementId));
    expect(decision.winner).toBe('DIRECT');
    expect(decision.reason).toMatch(/no approved, unexpired registration/);
    expect((await creditsOf(stack, gsi)).body.entries).toHaveLength(0);
  });

  it('gives a contested customer to the first approved sourced registration; the later claim earns nothing, with the reason recorded', async () => {
    const customer = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: BUYER }]);
    const first = await registerDeal(stack, boutique, customer, 'SOURCED');
    const second = await registerDeal(stack, gsi, customer, 'SOURCED');
    await approve(first);
    await approve(second);

    const agreementId = await acceptOffer(stack, { buyer: BUYER, value: '25000.00' });
    // The split, and the new-logo kicker (5%) of Initech's first agreement for the product.
    await eventually(async () => expect((await creditsOf(stack, boutique)).body.entries).toHaveLength(2));
    expect((await creditsOf(stack, boutique)).body.totals[0].amountMinor).toBe('2625000');
    expect((await creditsOf(stack, gsi)).body.entries).toHaveLength(0);
    expect((await decisionFor(stack, agreementId)).reason).toMatch(
      new RegExp(`registration ${second} by ${gsi} was approved later and earns nothing`),
    );
  });

  it('holds a purchase two partners claim with registrations approved together, lists the conflict, and credits the split sales ops choose', async () => {
    const customer = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: BUYER }]);
    const a = await registerDeal(stack, gsi, customer, 'SOURCED');
    const b = await registerDeal(stack, boutique, customer, 'SOURCED');
    expect((await call('POST', `${stack.apiUrl}/v1/deals/approve`, { key: ADMIN_KEY, body: { ids: [a, b] } })).status).toBe(200);
    // Approval already shows the clash, before any money arrives.
    expect((await conflicts()).map((c) => [...c.partnerIds].sort())).toEqual([[boutique, gsi].sort()]);

    const agreementId = await acceptOffer(stack, { buyer: BUYER, value: '10000.00' });
    expect((await eventually(() => decisionFor(stack, agreementId))).winner).toBe('NONE');
    expect((await creditsOf(stack, gsi)).body.entries).toHaveLength(0);
    const open = await conflicts();
    expect(open.length).toBeGreaterThanOrEqual(2);

    const resolved = await call('POST', `${stack.apiUrl}/v1/conflicts/${open[0].id}/resolve`, {
      key: ADMIN_KEY,
      body: {
        reason: 'joint pursuit: 60/40 agreed with both partners',
        shares: [
          { partnerId: gsi, engagement: 'SOURCED', bps: 6000 },
          { partnerId: boutique, engagement: 'SOURCED', bps: 4000 },
        ],
      },
    });
    expect(resolved.status).toBe(200);
    // Each sourcing partner's share, and each its new-logo kicker of 5% of the revenue (Initech's first agreement for the product).
    await eventually(async () => expect((await creditsOf(stack, boutique)).body.entries).toHaveLength(2));
    expect((await creditsOf(stack, gsi)).body.totals[0].amountMinor).toBe('650000');
    expect((await creditsOf(stack, boutique)).body.totals[0].amountMinor).toBe('450000');
    expect((await creditsOf(stack, gsi)).body.entries.find((e) => e.source === 'PURCHASE')?.reason).toMatch(/joint pursuit/);
    expect(await conflicts()).toHaveLength(0);
  });

  it('credits the settled split even when the queue is down as sales ops settle: the settlement answers 200 and the sweep delivers its re-credit', async () => {
    const customer = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: BUYER }]);
    const a = await registerDeal(stack, gsi, customer, 'SOURCED');
    const b = await registerDeal(stack, boutique, customer, 'SOURCED');
    expect((await call('POST', `${stack.apiUrl}/v1/deals/approve`, { key: ADMIN_KEY, body: { ids: [a, b] } })).status).toBe(200);
    const agreementId = await acceptOffer(stack, { buyer: BUYER, value: '10000.00' });
    expect((await eventually(() => decisionFor(stack, agreementId))).winner).toBe('NONE');
    const [conflict] = await conflicts();

    // An API instance whose Redis is unreachable (nothing listens on its port); the database and the bridge are as ever.
    const port = await freePort();
    const cutOff = await bootstrapApi({ ...stack.config, PORT: port, REDIS_URL: `redis://127.0.0.1:${await freePort()}/0` });
    try {
      const body = {
        reason: 'joint pursuit: 50/50',
        shares: [
          { partnerId: gsi, engagement: 'SOURCED', bps: 5000 },
          { partnerId: boutique, engagement: 'SOURCED', bps: 5000 },
        ],
      };
      const settled = await call('POST', `http://127.0.0.1:${port}/v1/conflicts/${conflict.id}/resolve`, { key: ADMIN_KEY, body });
      expect(settled.status).toBe(200);
      expect(settled.body).toMatchObject({ status: 'RESOLVED', recreditedAgreements: 1 });
    } finally {
      await cutOff.close();
    }
    // Half each, and each sourcing partner's new-logo kicker of 5% of the revenue.
    await eventually(async () => expect((await creditsOf(stack, boutique)).body.totals[0]?.amountMinor).toBe('550000'), {
      timeoutMs: 15_000,
    });
    expect((await creditsOf(stack, gsi)).body.totals[0].amountMinor).toBe('550000');
    const audit = await queryDatabase(
      stack.config.DATABASE_URL,
      `SELECT 1 FROM audit_entry WHERE action = 'conflict.resolved' AND entity_id = $1`,
      [conflict.id],
    );
    expect(audit).toHaveLength(1);
    await eventually(async () =>
      expect(await queryDatabase(stack.config.DATABASE_URL, `SELECT 1 FROM agreement_recredit WHERE completed_at IS NULL`)).toHaveLength(0),
    );
  }, 30_000);

  it('registers and decides a deal only together with its audit entry', async () => {
    const customer = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: BUYER }]);
    const deal = await registerDeal(stack, gsi, customer, 'SOURCED');
    const db = stack.config.DATABASE_URL;
    await whileAuditRefused(db, async () => {
      expect((await approve(deal)).status).toBe(500);
      const registered = await call('POST', `${stack.apiUrl}/v1/deals`, {
        key: ADMIN_KEY,
        body: { partnerId: boutique, customerId: customer, engagement: 'SOURCED', estimatedValue: '100.00', currency: 'USD' },
      });
      expect(registered.status).toBe(500);
    });
    expect(await queryDatabase(db, `SELECT status::text FROM deal_registration ORDER BY registered_at`)).toEqual([{ status: 'PENDING' }]);
    expect((await approve(deal)).status).toBe(200);
  });

  it('keeps a named strategic account with direct sales over a partner claim, and under MANUAL rules lists partner vs direct for sales ops', async () => {
    const customer = await createCustomer(stack, 'Umbrella Corp', [{ cloud: 'AWS', accountId: BUYER }], true);
    await approve(await registerDeal(stack, gsi, customer, 'SOURCED'));
    const direct = await acceptOffer(stack, { buyer: BUYER, value: '5000.00' });
    const decision = await eventually(() => decisionFor(stack, direct));
    expect(decision.winner).toBe('DIRECT');
    expect(decision.reason).toMatch(/strategic account, which the rules keep with direct sales/);

    const rules = (await call<{ rules: Record<string, unknown> }>('GET', `${stack.apiUrl}/v1/engagement-rules`, { key: ADMIN_KEY })).body
      .rules;
    const saved = await call('PUT', `${stack.apiUrl}/v1/engagement-rules`, {
      key: ADMIN_KEY,
      body: { rules: { ...rules, strategicAccounts: 'MANUAL' }, reason: 'strategic accounts go to the deal desk' },
    });
    expect(saved.status).toBe(200);
    const held = await acceptOffer(stack, { buyer: BUYER, value: '6000.00' });
    expect((await eventually(() => decisionFor(stack, held))).winner).toBe('NONE');
    const [conflict] = (await conflicts()).filter((c) => c.reason.includes('partner vs direct'));
    expect(conflict.partnerIds).toEqual([gsi]);

    // Sales ops decide for direct sales: an empty split.
    expect(
      (
        await call('POST', `${stack.apiUrl}/v1/conflicts/${conflict.id}/resolve`, {
          key: ADMIN_KEY,
          body: { reason: 'named account', shares: [] },
        })
      ).status,
    ).toBe(200);
    await eventually(async () => expect((await decisionFor(stack, held)).reason).toMatch(/keeps .* with direct sales: named account/));
    expect((await creditsOf(stack, gsi)).body.entries).toHaveLength(0);
  });

  it('refuses bad registrations with the field at fault and stores nothing', async () => {
    const customer = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: BUYER }]);
    const cases: [unknown, string][] = [
      [{ partnerId: gsi, customerId: customer, engagement: 'SOURCED', estimatedValue: '-5' }, 'estimatedValue'],
      [{ partnerId: gsi, customerId: customer, engagement: 'SOMETIMES', estimatedValue: '5' }, 'engagement'],
      [
        { partnerId: gsi, customerId: customer, engagement: 'SOURCED', estimatedValue: '5', expiresAt: '2020-01-01T00:00:00Z' },
        'expiresAt',
      ],
      [{ partnerId: gsi, customerId: '00000000-0000-4000-8000-000000000000', engagement: 'SOURCED', estimatedValue: '5' }, 'customerId'],
    ];
    for (const [body, field] of cases) {
      const answer = await call<{ details: { field: string }[] }>('POST', `${stack.apiUrl}/v1/deals`, { key: ADMIN_KEY, body });
      expect([answer.status, answer.body.details.map((d) => d.field)]).toEqual([400, [field]]);
    }
    expect((await call<{ deals: unknown[] }>('GET', `${stack.apiUrl}/v1/deals`, { key: ADMIN_KEY })).body.deals).toHaveLength(0);
  });
});
