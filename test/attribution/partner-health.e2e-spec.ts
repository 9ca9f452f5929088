import { eventually, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { acceptOffer, ADMIN_KEY, createCustomer, createPartner, creditsOf, registerDeal, freshWorld } from './attribution-fixtures';

const GSI = '610000000001';
const WON_BUYER = '710000000001';
const OTHER_BUYER = '710000000002';

interface Health {
  revenue: { period: string; par: { amountMinor: string }; pir: { amountMinor: string } }[];
  registrations: { won: number; lost: number; open: number; winRateBps: number | null };
  certifications: { salesValid: number; technicalValid: number; covered: boolean };
  competencies: string[];
  tierSuggestion: { tier: string; reasons: string[]; missingForNext: string[] };
}

// Several purchases through the queues on a shared two-core machine: seconds, not milliseconds.
jest.setTimeout(60_000);

describe('partner health', () => {
  let stack: ProductStack;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig());
  });
  afterAll(() => stack.stop());

  it('reports sourced revenue as PAR, registration win rate, certification coverage and a tier suggestion with its reasons', async () => {
    await freshWorld(stack);
    const gsi = await createPartner(stack, 'Globex Integrators', 'GSI', GSI);
    const won = await createCustomer(stack, 'Initech', [{ cloud: 'AWS', accountId: WON_BUYER }]);
    const lost = await createCustomer(stack, 'Hooli', [{ cloud: 'AWS', accountId: OTHER_BUYER }]);
    const wonDeal = await registerDeal(stack, gsi, won, 'SOURCED');
    const lostDeal = await registerDeal(stack, gsi, lost, 'SOURCED');
    await registerDeal(stack, gsi, lost, 'INFLUENCED'); // still pending: open
    await call('POST', `${stack.apiUrl}/v1/deals/${wonDeal}/approve`, { key: ADMIN_KEY, body: {} });
    await call('POST', `${stack.apiUrl}/v1/deals/${lostDeal}/reject`, {
      key: ADMIN_KEY,
      body: { reason: 'customer already engaged directly' },
    });
    const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString();
    for (const kind of ['SALES', 'TECHNICAL']) {
      expect(
        (
          await call('POST', `${stack.apiUrl}/v1/partners/${gsi}/certifications`, {
            key: ADMIN_KEY,
            body: { kind, name: `${kind} cert`, expiresAt: nextYear },
          })
        ).status,
      ).toBe(201);
    }
    await call('POST', `${stack.apiUrl}/v1/partners/${gsi}/certifications`, {
      key: ADMIN_KEY,
      body: { kind: 'TECHNICAL', name: 'lapsed', expiresAt: '2025-01-01T00:00:00Z' },
    });
    expect(
      (await call('POST', `${stack.apiUrl}/v1/partners/${gsi}/competencies`, { key: ADMIN_KEY, body: { name: 'Data & Analytics' } }))
        .status,
    ).toBe(201);

    await acceptOffer(stack, { buyer: WON_BUYER, value: '42000.00' });
    // The split, and the new-logo kicker of the buyer's first agreement for the product (PAR counts the split alone).
    await eventually(async () => expect((await creditsOf(stack, gsi)).body.entries).toHaveLength(2));

    const answer = await call<Health>('GET', `${stack.apiUrl}/v1/partners/${gsi}/health?granularity=QUARTER`, { key: ADMIN_KEY });
    expect(answer.status).toBe(200);
    const health = answer.body;
    const quarter = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
    expect(health.revenue).toEqual([
      { period: quarter, par: expect.objectContaining({ amountMinor: '4200000' }), pir: expect.objectContaining({ amountMinor: '0' }) },
    ]);
    expect(health.registrations).toMatchObject({ won: 1, lost: 1, open: 1, winRateBps: 5000 });
    expect(health.certifications).toMatchObject({ salesValid: 1, technicalValid: 1, covered: true });
    expect(health.competencies).toEqual(['Data & Analytics']);
    expect(health.tierSuggestion.tier).toBe('SELECT');
    expect(health.tierSuggestion.missingForNext.join(' ')).toMatch(/ADVANCED: .*technical certification/);

    expect((await call('GET', `${stack.apiUrl}/v1/partners/${gsi}/health?granularity=DECADE`, { key: ADMIN_KEY })).status).toBe(400);
  });
});
