import { randomUUID } from 'node:crypto';
import { resetDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { buildTrustWorld, MDF_REQUEST_BODY, ROLES, storeAdminKey, type PartnerWorld, type Role, type TrustWorld } from './trust-fixtures';

const ADMIN_KEY = 'matrix-admin-key-0123456789abcdef';
const STAFF = ['ALLIANCE', 'FINANCE', 'READ_ONLY'] as const;
const EVERY_ROLE: Role[] = ['ALLIANCE', 'FINANCE', 'PARTNER', 'READ_ONLY'];

type Scope = keyof Omit<PartnerWorld, never>;
interface Policy {
  /**
   * Roles besides ADMIN (always allowed) that may call it; 'public' needs no key; 'webhook' proves its sender its own way
   * (test/trust/forged-aws-webhooks, forged-azure-webhooks); 'token' wants a bearer token of its own that no API key replaces (test/operations/metrics).
   */
  allow: Role[] | 'public' | 'webhook' | 'token';
  /** The {id} is a partner-owned thing: a partner key reaches its own, gets 404 for another partner's. */
  scoped?: Scope;
  /** A valid body for the scoped check, so that only the ownership check can refuse it. */
  validBody?: unknown;
}

/**
 * THE expected policy of every endpoint. A route the API serves that is not
 * here fails the test: a new endpoint must be given its policy on purpose.
 */
const POLICY: Record<string, Policy> = {
  /** Signposts to the docs, or a browser's way to the dashboard (which signs it in itself). */
  'GET /': { allow: 'public' },
  'GET /health': { allow: 'public' },
  'GET /health/live': { allow: 'public' },
  /** Prometheus scrape with METRICS_TOKEN (apps/api/src/ops): costly to collect, so never open. */
  'GET /metrics': { allow: 'token' },
  'POST /webhooks/aws/eventbridge': { allow: 'webhook' },
  'POST /webhooks/aws/sns': { allow: 'webhook' },
  'POST /webhooks/azure': { allow: 'webhook' },

  'GET /v1/marketplace-messages/parked': { allow: [] },
  'POST /v1/marketplace-messages/{id}/replay': { allow: [] },

  'POST /v1/api-keys': { allow: [] },
  'GET /v1/api-keys': { allow: [] },
  'DELETE /v1/api-keys/{id}': { allow: [] },

  'POST /v1/partners': { allow: ['ALLIANCE'] },
  'GET /v1/partners': { allow: EVERY_ROLE },
  'GET /v1/partners/{id}': { allow: EVERY_ROLE, scoped: 'partnerId' },
  'GET /v1/partners/{id}/credits': { allow: EVERY_ROLE, scoped: 'partnerId' },
  'GET /v1/partners/{id}/health': { allow: EVERY_ROLE, scoped: 'partnerId' },
  'POST /v1/partners/{id}/certifications': { allow: ['ALLIANCE'] },
  'POST /v1/partners/{id}/competencies': { allow: ['ALLIANCE'] },
  /** A partner enters its own prospects, and searches the customers it works with (test/operations/first-day-records). */
  'POST /v1/customers': { allow: ['ALLIANCE', 'PARTNER'] },
  'GET /v1/customers': { allow: EVERY_ROLE },
  'GET /v1/customers/{id}': { allow: EVERY_ROLE },
  'PATCH /v1/customers/{id}': { allow: ['ALLIANCE'] },
  'PUT /v1/partners/{id}/tier': { allow: ['ALLIANCE'] },
  'GET /v1/partners/{id}/certifications': { allow: EVERY_ROLE, scoped: 'partnerId' },
  'POST /v1/partners/{id}/certifications/{certificationId}/expire': { allow: ['ALLIANCE'] },
  'DELETE /v1/partners/{id}/certifications/{certificationId}': { allow: ['ALLIANCE'] },
  'GET /v1/attribution-decisions': { allow: EVERY_ROLE },
  'GET /v1/partners/{id}/book': { allow: EVERY_ROLE, scoped: 'partnerId' },
  'GET /v1/customers/{id}/health': { allow: EVERY_ROLE },
  'GET /v1/customer-success/accounts': { allow: [...STAFF] },

  'POST /v1/deals': { allow: ['ALLIANCE', 'PARTNER'] },
  'GET /v1/deals': { allow: EVERY_ROLE },
  'GET /v1/deals/{id}': { allow: EVERY_ROLE, scoped: 'dealId' },
  /** Marketplace Ordering on the customer's Azure subscription: staff may read the terms; only the deploying partner accepts them. */
  'GET /v1/deals/{id}/marketplace-terms': { allow: ['ALLIANCE', 'PARTNER'], scoped: 'dealId' },
  'POST /v1/deals/{id}/marketplace-terms/accept': {
    allow: ['PARTNER'],
    scoped: 'dealId',
    validBody: {
      subscriptionId: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      publisherId: 'bridgepublisher',
      offerId: 'northwind-vm',
      planId: 'standard',
    },
  },
  'POST /v1/deals/approve': { allow: ['ALLIANCE'] },
  'POST /v1/deals/{id}/approve': { allow: ['ALLIANCE'] },
  'POST /v1/deals/{id}/reject': { allow: ['ALLIANCE'] },

  'GET /v1/engagement-rules': { allow: ['ALLIANCE', 'FINANCE', 'READ_ONLY'] },
  'PUT /v1/engagement-rules': { allow: ['ALLIANCE'] },
  'GET /v1/conflicts': { allow: ['ALLIANCE', 'READ_ONLY'] },
  'POST /v1/conflicts/{id}/resolve': { allow: ['ALLIANCE'] },

  'POST /v1/commitments': { allow: ['ALLIANCE'] },
  'GET /v1/commitments': { allow: ['ALLIANCE', 'FINANCE', 'READ_ONLY'] },
  'GET /v1/commitments/{id}': { allow: ['ALLIANCE', 'FINANCE', 'READ_ONLY'] },
  'GET /v1/commitments/{id}/burndown': { allow: ['ALLIANCE', 'FINANCE', 'READ_ONLY'] },
  'PATCH /v1/commitments/{id}': { allow: ['ALLIANCE'] },
  'POST /v1/commitments/{id}/close': { allow: ['ALLIANCE'] },

  'POST /v1/revenue-events': { allow: ['ALLIANCE', 'FINANCE'] },

  'POST /v1/usage': { allow: ['ALLIANCE'] },
  'POST /v1/usage/subscriptions': { allow: ['ALLIANCE'] },
  'GET /v1/usage/subscriptions/{id}': { allow: ['ALLIANCE', 'FINANCE', 'READ_ONLY'] },
  'POST /v1/usage/subscriptions/{id}/unsubscribe-pending': { allow: ['ALLIANCE'] },
  'GET /v1/usage/hours': { allow: ['ALLIANCE', 'FINANCE', 'READ_ONLY'] },
  'GET /v1/usage/summary': { allow: ['ALLIANCE', 'FINANCE', 'READ_ONLY'] },
  'GET /v1/usage/alerts': { allow: ['ALLIANCE', 'FINANCE', 'READ_ONLY'] },

  'POST /v1/offers': { allow: ['ALLIANCE', 'PARTNER'] },
  'GET /v1/offers': { allow: EVERY_ROLE },
  'GET /v1/offers/{id}': { allow: EVERY_ROLE, scoped: 'offerId' },
  'PATCH /v1/offers/{id}': { allow: ['ALLIANCE', 'PARTNER'], scoped: 'offerId', validBody: { name: 'renamed by another partner' } },
  'POST /v1/offers/{id}/publish': { allow: ['ALLIANCE', 'PARTNER'], scoped: 'offerId', validBody: {} },
  'POST /v1/offers/{id}/expire': { allow: ['ALLIANCE', 'PARTNER'], scoped: 'offerId', validBody: {} },
  'POST /v1/offers/{id}/opportunity': { allow: ['ALLIANCE', 'PARTNER'], scoped: 'offerId', validBody: { opportunityId: 'O1234567' } },
  'GET /v1/offers/{id}/audit': { allow: EVERY_ROLE, scoped: 'offerId' },
  /** A renewal or upsell: alliance for any agreement; a partner only for one it proposed (as reseller). */
  'POST /v1/agreements/{id}/replacement-offers': {
    allow: ['ALLIANCE', 'PARTNER'],
    scoped: 'agreementId',
    validBody: {
      name: 'renewal',
      resaleAuthorizationId: randomUUID(),
      markupPercent: '5.0',
      expiresAt: '2099-01-01T00:00:00Z',
      agreementEndDate: '2100-01-01',
    },
  },
  'POST /v1/resale-authorizations': { allow: ['ALLIANCE'] },
  'GET /v1/resale-authorizations': { allow: EVERY_ROLE },
  'GET /v1/resale-authorizations/{id}': { allow: EVERY_ROLE, scoped: 'resaleAuthorizationId' },

  'GET /v1/listings': { allow: EVERY_ROLE },
  'GET /v1/listings/{id}': { allow: EVERY_ROLE },
  'POST /v1/listings/sync': { allow: ['ALLIANCE'] },
  'PATCH /v1/listings/{id}': { allow: ['ALLIANCE'] },
  'PUT /v1/listings/{id}/commit-eligibility': { allow: ['ALLIANCE'] },
  'PUT /v1/listings/azure/{offerId}': { allow: ['ALLIANCE'] },

  'POST /v1/reconciliation/imports': { allow: ['FINANCE'] },
  'GET /v1/reconciliation/imports': { allow: ['FINANCE'] },
  'GET /v1/reconciliation/imports/{id}': { allow: ['FINANCE'] },
  'GET /v1/reconciliation/feed-objects': { allow: ['FINANCE'] },
  'POST /v1/reconciliation/feed-objects/resume': { allow: ['FINANCE'] },
  'GET /v1/reconciliation/items': { allow: ['FINANCE'] },
  'GET /v1/reconciliation/invoiced-not-collected': { allow: ['FINANCE'] },
  'GET /v1/reconciliation/collected-not-disbursed': { allow: ['FINANCE'] },
  'GET /v1/reconciliation/sold-not-invoiced': { allow: ['FINANCE'] },
  'GET /v1/reconciliation/items/{cloud}/{reference}': { allow: ['FINANCE'] },
  'GET /v1/reconciliation/disbursements': { allow: ['FINANCE'] },
  'GET /v1/reconciliation/disbursements/{cloud}/{id}': { allow: ['FINANCE'] },
  'GET /v1/reconciliation/partner-revenue': { allow: ['FINANCE'] },
  'POST /v1/reconciliation/items/{cloud}/{reference}/notes': { allow: ['FINANCE'] },
  'GET /v1/reconciliation/items/{cloud}/{reference}/notes': { allow: ['FINANCE'] },
  'GET /v1/reconciliation/variances': { allow: ['FINANCE'] },

  'POST /v1/mdf/budgets': { allow: ['ALLIANCE'] },
  'GET /v1/mdf/budgets': { allow: [...STAFF] },
  'PUT /v1/mdf/budgets/{id}': { allow: ['ALLIANCE'] },
  'GET /v1/mdf/partners/{id}/balance': { allow: EVERY_ROLE, scoped: 'partnerId' },
  'POST /v1/mdf/requests': { allow: ['ALLIANCE', 'PARTNER'] },
  'GET /v1/mdf/requests': { allow: EVERY_ROLE },
  'GET /v1/mdf/roi': { allow: EVERY_ROLE },
  'GET /v1/mdf/requests/{id}': { allow: EVERY_ROLE, scoped: 'mdfRequestId' },
  'PUT /v1/mdf/requests/{id}': { allow: ['ALLIANCE', 'PARTNER'], scoped: 'mdfRequestId', validBody: MDF_REQUEST_BODY },
  'POST /v1/mdf/requests/{id}/approve': { allow: ['ALLIANCE'] },
  'POST /v1/mdf/requests/{id}/reject': { allow: ['ALLIANCE'] },
  'POST /v1/mdf/requests/{id}/request-changes': { allow: ['ALLIANCE'] },
  'POST /v1/mdf/requests/{id}/claim': {
    allow: ['ALLIANCE', 'PARTNER'],
    scoped: 'mdfRequestId',
    validBody: { amount: '100.00', leadsReached: 1, customersReached: 1, summary: 'claimed by another partner' },
  },
  'POST /v1/mdf/requests/{id}/claim/attachments': { allow: ['ALLIANCE', 'PARTNER'], scoped: 'mdfRequestId' },
  /** Scoped through its request: another partner's answers 404 (test/mdf). */
  'GET /v1/mdf/requests/{id}/claim/attachments/{attachmentId}': { allow: EVERY_ROLE },
  'POST /v1/mdf/requests/{id}/claim/approve': { allow: ['ALLIANCE'] },
  'POST /v1/mdf/requests/{id}/claim/reject': { allow: ['ALLIANCE'] },
  'POST /v1/mdf/requests/{id}/claim/pay': { allow: ['ALLIANCE', 'FINANCE'] },
};

interface Route {
  method: string;
  path: string;
  key: string;
}

/** Every operation of the OpenAPI document the running API serves. */
export async function routesOf(apiUrl: string): Promise<Route[]> {
  const doc = (await (await fetch(`${apiUrl}/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => ({ method: m.toUpperCase(), path, key: `${m.toUpperCase()} ${path}` })),
  );
}

/** Status and raw text: some endpoints answer CSV or Prometheus text, not JSON. */
async function request(
  method: string,
  url: string,
  options: { key?: string; body?: unknown } = {},
): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(options.key ? { authorization: `Bearer ${options.key}` } : {}) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: response.status, text: await response.text() };
}

/** A concrete URL: the scoped id where given, else a placeholder that exists nowhere. */
const urlOf = (apiUrl: string, path: string, id?: string) =>
  apiUrl +
  path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'cloud' ? 'aws' : name === 'id' ? (id ?? randomUUID()) : `matrix-${name}`));

jest.setTimeout(120_000);

describe('trust: the role matrix (every role against every endpoint the API serves)', () => {
  let stack: ProductStack;
  let world: TrustWorld;
  let routes: Route[];

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }), { workers: false });
    await resetDatabase(stack.config.DATABASE_URL);
    await storeAdminKey(stack.config.DATABASE_URL, ADMIN_KEY);
    world = await buildTrustWorld(stack.apiUrl, stack.config.DATABASE_URL, ADMIN_KEY);
    routes = await routesOf(stack.apiUrl);
  });
  afterAll(() => stack.stop());

  it('has an expected policy for every endpoint, and no policy for an endpoint that is gone', () => {
    expect(routes.length).toBeGreaterThan(50);
    const served = routes.map((r) => r.key).sort();
    expect({ missingFromPolicy: served.filter((k) => !POLICY[k]) }).toEqual({ missingFromPolicy: [] });
    expect({ policyForNoRoute: Object.keys(POLICY).filter((k) => !served.includes(k)) }).toEqual({ policyForNoRoute: [] });
  });

  it('states in the OpenAPI document, for every operation, the roles the policy gives it', async () => {
    const doc = (await (await fetch(`${stack.apiUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const wrong: string[] = [];
    for (const route of routes) {
      const policy = POLICY[route.key];
      const operation = doc.paths[route.path][route.method.toLowerCase()];
      if (policy.allow === 'public' || policy.allow === 'webhook' || policy.allow === 'token') {
        if (operation['x-public'] !== true || operation['x-roles'] !== undefined) wrong.push(`${route.key}: not marked x-public`);
        continue;
      }
      const expected = ['ADMIN', ...policy.allow].sort();
      const stated = [...((operation['x-roles'] as string[] | undefined) ?? [])].sort();
      if (JSON.stringify(stated) !== JSON.stringify(expected))
        wrong.push(`${route.key}: x-roles ${stated.join(',') || 'none'}, the policy ${expected.join(',')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers each role as the policy says: no key → 401, forbidden → 403, allowed → neither', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const policy = POLICY[route.key];
      if (!policy) continue;
      const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined;
      const anonymous = await request(route.method, urlOf(stack.apiUrl, route.path), { body });
      checked += 1;
      if (policy.allow === 'public') {
        if ([401, 403].includes(anonymous.status)) wrong.push(`${route.key} without a key: ${anonymous.status}, expected public`);
        continue;
      }
      if (policy.allow === 'webhook') {
        // An API key neither opens nor closes a webhook: the answer is the same with or without one.
        const withKey = await request(route.method, urlOf(stack.apiUrl, route.path), { key: ADMIN_KEY, body });
        if (withKey.status !== anonymous.status || anonymous.status === 403)
          wrong.push(`${route.key}: ${anonymous.status} without a key, ${withKey.status} with one`);
        continue;
      }
      if (policy.allow === 'token') {
        // Without its token it is closed to everyone, an admin key included.
        const withKey = await request(route.method, urlOf(stack.apiUrl, route.path), { key: ADMIN_KEY, body });
        if (anonymous.status !== 401 || withKey.status !== 401)
          wrong.push(`${route.key}: ${anonymous.status} without a key, ${withKey.status} with an admin key, expected 401`);
        continue;
      }
      if (anonymous.status !== 401) wrong.push(`${route.key} without a key: ${anonymous.status}, expected 401`);
      for (const role of ROLES) {
        // A partner's own thing for its scoped routes (a random id would 404 for a reason that proves nothing).
        const id = policy.scoped && role === 'PARTNER' ? world.own[policy.scoped] : undefined;
        const answer = await request(route.method, urlOf(stack.apiUrl, route.path, id), { key: world.keys[role], body });
        checked += 1;
        const allowed = role === 'ADMIN' || policy.allow.includes(role);
        if (allowed && [401, 403].includes(answer.status)) wrong.push(`${route.key} as ${role}: ${answer.status}, expected allowed`);
        if (allowed && id && answer.status === 404) wrong.push(`${route.key} as ${role} on its own ${policy.scoped}: 404`);
        if (!allowed && answer.status !== 403) wrong.push(`${route.key} as ${role}: ${answer.status}, expected 403`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it('answers 404 to a partner reaching for another partner’s thing, and leaves the thing untouched', async () => {
    const scoped = routes.filter(
      (r) => POLICY[r.key]?.scoped && Array.isArray(POLICY[r.key].allow) && (POLICY[r.key].allow as Role[]).includes('PARTNER'),
    );
    expect(scoped.length).toBeGreaterThanOrEqual(10);
    for (const route of scoped) {
      const policy = POLICY[route.key];
      const answer = await request(route.method, urlOf(stack.apiUrl, route.path, world.other[policy.scoped!]), {
        key: world.keys.PARTNER,
        body: policy.validBody,
      });
      expect([route.key, answer.status]).toEqual([route.key, 404]);
    }
    const offer = await call<{ name: string; state: string }>('GET', `${stack.apiUrl}/v1/offers/${world.other.offerId}`, {
      key: ADMIN_KEY,
    });
    expect(offer.body).toMatchObject({ name: 'fixture offer', state: 'DRAFT' });
  });

  it('never shows a partner another partner’s ids on any endpoint it may read', async () => {
    const foreign = Object.values(world.other);
    const readable = routes.filter(
      (r) => r.method === 'GET' && Array.isArray(POLICY[r.key]?.allow) && (POLICY[r.key].allow as Role[]).includes('PARTNER'),
    );
    for (const route of readable) {
      const id = POLICY[route.key].scoped ? world.own[POLICY[route.key].scoped!] : undefined;
      const { text } = await request(route.method, urlOf(stack.apiUrl, route.path, id), { key: world.keys.PARTNER });
      expect([route.key, foreign.filter((f) => text.includes(f))]).toEqual([route.key, []]);
    }
    // …while staff see both partners.
    const all = await call<{ partners: { id: string }[] }>('GET', `${stack.apiUrl}/v1/partners`, { key: world.keys.READ_ONLY });
    expect(all.body.partners.map((p) => p.id)).toEqual(expect.arrayContaining([world.own.partnerId, world.other.partnerId]));
  });

  it.each(STAFF)('lets no %s key act as a partner (a staff key carries no partner scope it could lose)', async (role) => {
    const answer = await call<{ deals: unknown[] }>('GET', `${stack.apiUrl}/v1/deals`, { key: world.keys[role] });
    expect(answer.status).toBe(200);
    expect(answer.body.deals).toHaveLength(2);
  });
});
