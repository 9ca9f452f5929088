import { resetDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { buildTrustWorld, ROLES, storeAdminKey, type Role, type TrustWorld } from '../trust/trust-fixtures';

const ADMIN_KEY = 'dashboard-roles-admin-key-0123456789';

jest.setTimeout(60_000);

/** Whether the API lets a role read reconciliation results: what the dashboard must agree with. */
async function apiAllowsReconciliation(stack: ProductStack, key: string): Promise<boolean> {
  const { status } = await call('GET', `${stack.apiUrl}/v1/reconciliation/items`, { key });
  expect([401, 404]).not.toContain(status);
  return status !== 403;
}

const get = (stack: ProductStack, path: string, key: string) =>
  fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${key}` }, redirect: 'manual' });

describe('dashboard: each role sees on the pages and in the CSVs what the API gives it, and no more', () => {
  let stack: ProductStack;
  let world: TrustWorld;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }), { workers: false });
    await resetDatabase(stack.config.DATABASE_URL);
    await storeAdminKey(stack.config.DATABASE_URL, ADMIN_KEY);
    world = await buildTrustWorld(stack.apiUrl, stack.config.DATABASE_URL, ADMIN_KEY);
  });
  afterAll(() => stack.stop());

  it('shows reconciliation variances and their CSV to exactly the roles the API lets read reconciliation (ADMIN, FINANCE)', async () => {
    const seen: Record<string, { api: boolean; card: boolean; csv: number }> = {};
    for (const role of ROLES) {
      const key = world.keys[role];
      const overview = await get(stack, '/dashboard', key);
      expect([role, overview.status]).toEqual([role, 200]);
      const csv = await get(stack, '/dashboard/reconciliation/variances.csv', key);
      seen[role] = {
        api: await apiAllowsReconciliation(stack, key),
        card: (await overview.text()).includes('data-testid="variances"'),
        csv: csv.status,
      };
    }
    const expected = (allowed: boolean) => ({ api: allowed, card: allowed, csv: allowed ? 200 : 403 });
    expect(seen).toEqual({
      ADMIN: expected(true),
      FINANCE: expected(true),
      ALLIANCE: expected(false),
      READ_ONLY: expected(false),
      PARTNER: expected(false),
    } satisfies Record<Role, unknown>);
  });

  it('refuses the variances CSV a READ_ONLY key without writing a row', async () => {
    const csv = await get(stack, '/dashboard/reconciliation/variances.csv', world.keys.READ_ONLY);
    expect(csv.status).toBe(403);
    expect(csv.headers.get('content-disposition')).toBeNull();
    expect(await csv.text()).toBe('the READ_ONLY role may not do this\n');
  });

  it('shows the commitments card to the staff roles the API gives commitments to, never to a partner', async () => {
    for (const role of ROLES) {
      const page = await (await get(stack, '/dashboard', world.keys[role])).text();
      const api = await call('GET', `${stack.apiUrl}/v1/commitments`, { key: world.keys[role] });
      expect([role, page.includes('data-testid="commitments"')]).toEqual([role, api.status === 200]);
    }
  });
});
