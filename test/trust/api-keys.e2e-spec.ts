import { queryDatabase, resetDatabase, testConfig, whileAuditRefused } from '@bridge/testing';
import { call } from '../http-client';
import { storeAdminKey } from './trust-fixtures';
import { startTrustStack, type TrustStack } from './trust-stack';

const ADMIN_KEY = 'keys-admin-key-0123456789abcdef';

interface KeyView {
  id: string;
  name: string;
  prefix: string;
  role: string;
  partnerId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

jest.setTimeout(60_000);

describe('trust: API keys are listed without their secret, revoked at once, and rate limited per key', () => {
  let stack: TrustStack;
  let limited: { url: string };

  beforeAll(async () => {
    stack = await startTrustStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }), { workers: false });
    limited = await stack.startApi({ API_RATE_LIMIT_PER_KEY: '5', API_RATE_LIMIT_WINDOW_SECONDS: '3600' });
  });
  afterAll(() => stack.stop());
  beforeEach(async () => {
    await resetDatabase(stack.config.DATABASE_URL);
    await storeAdminKey(stack.config.DATABASE_URL, ADMIN_KEY);
  });

  const issue = async (role: string, name = `${role} key`) => {
    const issued = await call<{ id: string; key: string }>('POST', `${stack.apiUrl}/v1/api-keys`, { key: ADMIN_KEY, body: { name, role } });
    expect(issued.status).toBe(201);
    return issued.body;
  };
  const list = async () => (await call<{ keys: KeyView[] }>('GET', `${stack.apiUrl}/v1/api-keys`, { key: ADMIN_KEY })).body.keys;

  it('lists every key with prefix, role, partner, creation, last use and revocation, never the key or its hash', async () => {
    const finance = await issue('FINANCE', 'finance team');
    expect((await call('GET', `${stack.apiUrl}/v1/usage/alerts`, { key: finance.key })).status).toBe(200);
    const keys = await list();
    const shown = keys.find((k) => k.id === finance.id);
    expect(shown).toEqual({
      id: finance.id,
      name: 'finance team',
      prefix: finance.key.slice(0, 8),
      role: 'FINANCE',
      partnerId: null,
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      revokedAt: null,
    });
    const [{ key_hash }] = await queryDatabase<{ key_hash: string }>(
      stack.config.DATABASE_URL,
      'SELECT key_hash FROM api_key WHERE id = $1',
      [finance.id],
    );
    const text = JSON.stringify(keys);
    expect(text).not.toContain(finance.key);
    expect(text).not.toContain(key_hash);
  });

  it('refuses a revoked key on its very next request, keeps the first revocation time, and records who revoked it', async () => {
    const alliance = await issue('ALLIANCE');
    expect((await call('GET', `${stack.apiUrl}/v1/partners`, { key: alliance.key })).status).toBe(200);
    const revoked = await call<KeyView>('DELETE', `${stack.apiUrl}/v1/api-keys/${alliance.id}`, { key: ADMIN_KEY });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const refused = await call<{ details: unknown }>('GET', `${stack.apiUrl}/v1/partners`, { key: alliance.key });
    expect(refused).toEqual({
      status: 401,
      body: expect.objectContaining({ details: [{ field: 'Authorization', reason: 'unknown or revoked key' }] }),
    });
    const again = await call<KeyView>('DELETE', `${stack.apiUrl}/v1/api-keys/${alliance.id}`, { key: ADMIN_KEY });
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    expect((await list()).find((k) => k.id === alliance.id)?.revokedAt).toBe(revoked.body.revokedAt);
    const audit = await queryDatabase<{ action: string; actor: string }>(
      stack.config.DATABASE_URL,
      `SELECT action, actor FROM audit_entry WHERE entity_id = $1 ORDER BY at`,
      [alliance.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['api-key.issued', 'api-key.revoked', 'api-key.revoked']);
    expect(audit[1].actor).toMatch(/^api-key:/);
  });

  it('refuses a key revoked through another API process there too, once API_KEY_CACHE_SECONDS have passed', async () => {
    const other = await stack.startApi({ API_KEY_CACHE_SECONDS: '1' });
    const alliance = await issue('ALLIANCE');
    // Both processes have found the key live and remember it.
    for (const url of [stack.apiUrl, other.url]) expect((await call('GET', `${url}/v1/partners`, { key: alliance.key })).status).toBe(200);
    expect((await call('DELETE', `${stack.apiUrl}/v1/api-keys/${alliance.id}`, { key: ADMIN_KEY })).status).toBe(200);
    expect((await call('GET', `${stack.apiUrl}/v1/partners`, { key: alliance.key })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await call('GET', `${other.url}/v1/partners`, { key: alliance.key })).status).toBe(401);
  });

  it('issues or revokes a key only together with its audit entry', async () => {
    const alliance = await issue('ALLIANCE');
    const db = stack.config.DATABASE_URL;
    await whileAuditRefused(db, async () => {
      expect(
        (await call('POST', `${stack.apiUrl}/v1/api-keys`, { key: ADMIN_KEY, body: { name: 'unaudited', role: 'FINANCE' } })).status,
      ).toBe(500);
      expect((await call('DELETE', `${stack.apiUrl}/v1/api-keys/${alliance.id}`, { key: ADMIN_KEY })).status).toBe(500);
    });
    expect(await queryDatabase(db, `SELECT 1 FROM api_key WHERE name = 'unaudited'`)).toHaveLength(0);
    expect((await call('GET', `${stack.apiUrl}/v1/partners`, { key: alliance.key })).status).toBe(200);
  });

  it('keeps a revoked bootstrap key revoked when the API starts again with it still configured', async () => {
    const byHash = `SELECT id FROM api_key WHERE key_hash = encode(sha256($1::bytea), 'hex')`;
    const [{ id }] = await queryDatabase<{ id: string }>(stack.config.DATABASE_URL, byHash, [ADMIN_KEY]);
    const other = await issue('ADMIN', 'second admin');
    expect((await call('DELETE', `${stack.apiUrl}/v1/api-keys/${id}`, { key: other.key })).status).toBe(200);
    // A restart: this API's start stores the configured BOOTSTRAP_ADMIN_API_KEY if it is missing, and must not bring it back.
    const restarted = await stack.startApi({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY });
    const refused = await call('GET', `${restarted.url}/v1/partners`, { key: ADMIN_KEY });
    expect(refused.status).toBe(401);
    expect((await call('GET', `${restarted.url}/v1/partners`, { key: other.key })).status).toBe(200);
    expect(await queryDatabase(stack.config.DATABASE_URL, byHash, [ADMIN_KEY])).toEqual([{ id }]);
  });

  it('cannot have a PARTNER key without a partner, which would see every partner: the database refuses one, written or made so later', async () => {
    const partner = (name: string, account: string) =>
      call<{ id: string }>('POST', `${stack.apiUrl}/v1/partners`, {
        key: ADMIN_KEY,
        body: { name, persona: 'RESELLER', cloudAccounts: [{ cloud: 'AWS', accountId: account }] },
      });
    const own = await partner('Own Partner', '123412341234');
    expect((await partner('Other Partner', '567856785678')).status).toBe(201);
    const issued = await call<{ id: string; key: string }>('POST', `${stack.apiUrl}/v1/api-keys`, {
      key: ADMIN_KEY,
      body: { name: 'partner key', role: 'PARTNER', partnerId: own.body.id },
    });
    expect(issued.status).toBe(201);
    const seen = async () =>
      (await call<{ partners: { id: string }[] }>('GET', `${stack.apiUrl}/v1/partners`, { key: issued.body.key })).body.partners.map(
        (p) => p.id,
      );
    expect(await seen()).toEqual([own.body.id]);
    await expect(
      queryDatabase(stack.config.DATABASE_URL, 'UPDATE api_key SET partner_id = NULL WHERE id = $1', [issued.body.id]),
    ).rejects.toThrow(/api_key_partner_key_has_partner/);
    await expect(
      queryDatabase(
        stack.config.DATABASE_URL,
        `INSERT INTO api_key (id, name, key_hash, prefix, role) VALUES (gen_random_uuid(), 'unscoped', 'x', 'x', 'PARTNER')`,
      ),
    ).rejects.toThrow(/api_key_partner_key_has_partner/);
    expect(await seen()).toEqual([own.body.id]);
    // And the API refuses to issue one.
    const unscoped = await call<{ details: unknown }>('POST', `${stack.apiUrl}/v1/api-keys`, {
      key: ADMIN_KEY,
      body: { name: 'unscoped', role: 'PARTNER' },
    });
    expect(unscoped.status).toBe(400);
    expect(unscoped.body.details).toEqual([{ field: 'partnerId', reason: 'required for the PARTNER role, and only for it' }]);
  });

  it('answers 404 for a key that does not exist and names the id when it is not a UUID', async () => {
    expect((await call('DELETE', `${stack.apiUrl}/v1/api-keys/6d1f0f5e-8d5c-4a4a-9e0b-1f6c3d2b1a00`, { key: ADMIN_KEY })).status).toBe(404);
    const bad = await call<{ details: unknown }>('DELETE', `${stack.apiUrl}/v1/api-keys/nope`, { key: ADMIN_KEY });
    expect(bad).toEqual({ status: 400, body: expect.objectContaining({ details: [{ field: 'id', reason: 'must be a UUID' }] }) });
  });

  it('gives each key its own budget per window: beyond it 429 with Retry-After; other keys are unaffected', async () => {
    const busy = await issue('READ_ONLY', 'busy');
    const quiet = await issue('READ_ONLY', 'quiet');
    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let i = 0; i < 7; i += 1) {
      const response = await fetch(`${limited.url}/v1/usage/alerts`, { headers: { authorization: `Bearer ${busy.key}` } });
      statuses.push(response.status);
      if (response.status === 429) refusal = response;
      else await response.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(Number(refusal?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refusal?.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    const body = (await refusal?.json()) as { details: { field: string; reason: string }[] };
    expect(body.details[0]).toEqual({ field: 'Authorization', reason: expect.stringMatching(/^more than 5 requests in 3600 s/) });
    expect((await fetch(`${limited.url}/v1/usage/alerts`, { headers: { authorization: `Bearer ${quiet.key}` } })).status).toBe(200);
  });
});
