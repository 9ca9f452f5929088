import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import fc from 'fast-check';
import { queryDatabase, resetDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { DashboardController } from '../../apps/api/src/dashboard/dashboard.controller';
import { MdfDashboardController } from '../../apps/api/src/dashboard/mdf-dashboard.controller';
import { call } from '../http-client';
import { thisQuarter } from '../mdf/mdf-fixtures';
import { buildTrustWorld, ROLES, storeAdminKey, type Role, type TrustWorld } from '../trust/trust-fixtures';

const ADMIN_KEY = 'dashboard-matrix-admin-key-0123456789';
const STAFF: Role[] = ['ADMIN', 'ALLIANCE', 'FINANCE', 'READ_ONLY'];
/** What must never reach a browser: stack frames, file positions, driver or SQL text (an HTML <select> is a form's, not SQL). */
const LEAK = /\n\s+at\s|\.[jt]s:\d+:\d+|node_modules|prisma|postgres|(?<!<)\bSELECT\s|\bINSERT\s+INTO|violates .* constraint/i;

jest.setTimeout(180_000);

type Ids = {
  commitment: string;
  ownPartner: string;
  otherPartner: string;
  /** Each partner's deal registration, by partner id. */
  deals?: Record<string, string>;
  /** Each partner's MDF request waiting for a decision, and its claimed request's proof, by partner id. */
  mdfRequests?: Record<string, string>;
  proofs?: Record<string, { request: string; attachment: string }>;
};
interface Policy {
  /** Roles that get the page or file; the rest get `refused`. */
  allow: readonly Role[];
  /** The answer to a role outside `allow`: 404 where the path names a thing (its existence is not confirmed), 403 where it does not. */
  refused?: 403 | 404;
  /** The path names a partner: a PARTNER key reaches its own (200) and gets 404 for another's. */
  partnerScoped?: boolean;
  /** A download (401 without a key) rather than a page (a redirect to the sign-in form). */
  csv?: boolean;
  /** A form: posted empty, an allowed caller gets the form's 400 naming the fields it lacks (nothing changes). */
  form?: boolean;
  /** A file download that is not CSV. */
  file?: boolean;
  path: (ids: Ids, partnerId: string) => string;
}

/**
 * THE expected access of every dashboard page and download. A route the
 * dashboard serves that is not here (or is here and no longer served) fails
 * the first test: a new page must be given its policy on purpose. Each
 * policy agrees with the API's for the same data (apps/api/src/auth/role-table.ts).
 */
const POLICY: Record<string, Policy | 'sign-in'> = {
  'GET /dashboard/sign-in': 'sign-in',
  'POST /dashboard/sign-in': 'sign-in',
  'POST /dashboard/sign-out': 'sign-in',
  'GET /dashboard': { allow: ROLES, path: () => '/dashboard' },
  /** Every role: staff (ROLES_FOR.mdf, customerSuccess) see every partner's; a partner its own requests and book. */
  'GET /dashboard/mdf': { allow: ROLES, path: () => '/dashboard/mdf' },
  /** An MDF request and its forms: each form for the roles the API gives its operation to; another partner's request is not found. */
  'GET /dashboard/mdf/requests/:id': {
    allow: ROLES,
    partnerScoped: true,
    path: (ids, p) => `/dashboard/mdf/requests/${mdfRequest(ids, p)}`,
  },
  'GET /dashboard/mdf/requests/:id/claim/attachments/:attachmentId': {
    allow: ROLES,
    partnerScoped: true,
    file: true,
    path: (ids, p) => `/dashboard/mdf/requests/${ids.proofs?.[p]?.request ?? p}/claim/attachments/${ids.proofs?.[p]?.attachment ?? p}`,
  },
  'POST /dashboard/mdf/requests': {
    allow: ['ADMIN', 'PARTNER', 'ALLIANCE'],
    refused: 403,
    form: true,
    path: () => '/dashboard/mdf/requests',
  },
  'POST /dashboard/mdf/requests/:id/decision': {
    allow: ['ADMIN', 'ALLIANCE'],
    refused: 403,
    form: true,
    path: (ids, p) => `/dashboard/mdf/requests/${mdfRequest(ids, p)}/decision`,
  },
  'POST /dashboard/mdf/requests/:id/claim': {
    allow: ['ADMIN', 'ALLIANCE', 'PARTNER'],
    refused: 403,
    partnerScoped: true,
    form: true,
    path: (ids, p) => `/dashboard/mdf/requests/${mdfRequest(ids, p)}/claim`,
  },
  'POST /dashboard/mdf/requests/:id/claim/proof': {
    allow: ['ADMIN', 'ALLIANCE', 'PARTNER'],
    refused: 403,
    partnerScoped: true,
    form: true,
    path: (ids, p) => `/dashboard/mdf/requests/${mdfRequest(ids, p)}/claim/proof`,
  },
  'POST /dashboard/mdf/requests/:id/claim/decision': {
    allow: ['ADMIN', 'ALLIANCE'],
    refused: 403,
    form: true,
    path: (ids, p) => `/dashboard/mdf/requests/${mdfRequest(ids, p)}/claim/decision`,
  },
  'POST /dashboard/mdf/requests/:id/claim/pay': {
    allow: ['ADMIN', 'ALLIANCE', 'FINANCE'],
    refused: 403,
    form: true,
    path: (ids, p) => `/dashboard/mdf/requests/${mdfRequest(ids, p)}/claim/pay`,
  },
  'GET /dashboard/accounts': { allow: ROLES, path: () => '/dashboard/accounts' },
  /** A deal registration and its accepted marketplace terms: as GET /v1/deals/:id, staff see every one, a partner its own. */
  'GET /dashboard/deals/:id': { allow: ROLES, partnerScoped: true, path: (ids, p) => `/dashboard/deals/${ids.deals?.[p] ?? p}` },
  'GET /dashboard/commitments/:id': {
    allow: STAFF,
    refused: 404,
    path: (ids) => `/dashboard/commitments/${ids.commitment}`,
  },
  'GET /dashboard/commitments/:id/burndown.csv': {
    allow: STAFF,
    refused: 404,
    csv: true,
    path: (ids) => `/dashboard/commitments/${ids.commitment}/burndown.csv`,
  },
  'GET /dashboard/partners/:id': { allow: ROLES, partnerScoped: true, path: (_ids, partnerId) => `/dashboard/partners/${partnerId}` },
  'GET /dashboard/partners/:id/credits.csv': {
    allow: ROLES,
    partnerScoped: true,
    csv: true,
    path: (_ids, partnerId) => `/dashboard/partners/${partnerId}/credits.csv`,
  },
  'GET /dashboard/leaderboard.csv': { allow: ROLES, csv: true, path: () => '/dashboard/leaderboard.csv' },
  'GET /dashboard/offers.csv': { allow: ROLES, csv: true, path: () => '/dashboard/offers.csv' },
  'GET /dashboard/reconciliation/variances.csv': {
    allow: ['ADMIN', 'FINANCE'],
    refused: 403,
    csv: true,
    path: () => '/dashboard/reconciliation/variances.csv',
  },
};

function mdfRequest(ids: Ids, partnerId: string): string {
  return ids.mdfRequests?.[partnerId] ?? partnerId;
}

/** The routes the dashboard's controllers declare, read from Nest's own route metadata. */
function servedRoutes(): string[] {
  return [DashboardController, MdfDashboardController].flatMap(routesOf).sort();
}

function routesOf(controller: typeof DashboardController | typeof MdfDashboardController): string[] {
  const base = String(Reflect.getMetadata(PATH_METADATA, controller));
  const proto = controller.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto)
    .filter((name) => name !== 'constructor' && Reflect.hasMetadata(PATH_METADATA, proto[name] as object))
    .map((name) => {
      const handler = proto[name] as object;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const path = String(Reflect.getMetadata(PATH_METADATA, handler));
      return `${method} /${base}${path === '/' ? '' : `/${path}`}`;
    });
}

/** A page or download is read; a form is posted empty (so an allowed caller changes nothing). */
const get = (stack: ProductStack, path: string, key?: string, policy?: Policy) =>
  fetch(`${stack.apiUrl}${path}`, {
    method: policy?.form ? 'POST' : 'GET',
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(policy?.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(policy?.form ? { body: '' } : {}),
    redirect: 'manual',
  });

describe('dashboard: every page and download, for every role', () => {
  let stack: ProductStack;
  let world: TrustWorld;
  let ids: Ids;
  let otherPartnerName: string;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }), { workers: false });
    await resetDatabase(stack.config.DATABASE_URL);
    await storeAdminKey(stack.config.DATABASE_URL, ADMIN_KEY);
    world = await buildTrustWorld(stack.apiUrl, stack.config.DATABASE_URL, ADMIN_KEY);
    const [customer] = await queryDatabase<{ id: string }>(stack.config.DATABASE_URL, `SELECT id FROM customer LIMIT 1`);
    const commitment = await call<{ id: string }>('POST', `${stack.apiUrl}/v1/commitments`, {
      key: ADMIN_KEY,
      body: { customerId: customer.id, kind: 'EDP', total: '1000000.00', startsAt: '2026-01-01', endsAt: '2028-01-01' },
    });
    expect(commitment.status).toBe(201);
    ids = { commitment: commitment.body.id, ownPartner: world.own.partnerId, otherPartner: world.other.partnerId };
    const [other] = await queryDatabase<{ name: string }>(stack.config.DATABASE_URL, `SELECT name FROM partner WHERE id = $1`, [
      ids.otherPartner,
    ]);
    otherPartnerName = other.name;
    ids.mdfRequests = { [ids.ownPartner]: world.own.mdfRequestId, [ids.otherPartner]: world.other.mdfRequestId };
    ids.deals = { [ids.ownPartner]: world.own.dealId, [ids.otherPartner]: world.other.dealId };
    ids.proofs = {
      [ids.ownPartner]: await claimedWithProof(stack, ids.ownPartner),
      [ids.otherPartner]: await claimedWithProof(stack, ids.otherPartner),
    };
  });
  afterAll(() => stack.stop());

  it('has a stated policy for exactly the routes the dashboard serves', () => {
    expect(servedRoutes()).toEqual(Object.keys(POLICY).sort());
  });

  it('answers each role as its policy says, on every page and download', async () => {
    const seen: Record<string, Record<string, number>> = {};
    const expected: Record<string, Record<string, number>> = {};
    for (const [route, policy] of Object.entries(POLICY)) {
      if (policy === 'sign-in') continue;
      for (const role of ROLES) {
        // A partner-scoped route is tried on the PARTNER key's own partner and on another's; staff see both.
        const targets = policy.partnerScoped ? [ids.ownPartner, ids.otherPartner] : [ids.ownPartner];
        for (const partnerId of targets) {
          const label = `${role}${partnerId === ids.otherPartner ? ' (another partner)' : ''}`;
          const allowed = policy.allow.includes(role) && !(role === 'PARTNER' && partnerId === ids.otherPartner);
          const response = await get(stack, policy.path(ids, partnerId), world.keys[role], policy);
          (seen[route] ??= {})[label] = response.status;
          // Another partner's thing is not found, whatever the route answers a role it refuses.
          const refused = role === 'PARTNER' && partnerId === ids.otherPartner ? 404 : (policy.refused ?? 404);
          (expected[route] ??= {})[label] = allowed ? (policy.form ? 400 : 200) : refused;
          const body = await response.text();
          if (allowed && policy.csv) expect([route, response.headers.get('content-type')]).toEqual([route, 'text/csv; charset=utf-8']);
          if (!allowed && policy.csv) expect([route, response.headers.get('content-disposition')]).toEqual([route, null]);
          if (policy.file)
            expect([route, response.headers.get('content-disposition')?.startsWith('attachment;') ?? false]).toEqual([route, allowed]);
          if (role === 'PARTNER') expect([route, body.includes(otherPartnerName)]).toEqual([route, false]);
        }
      }
    }
    expect(seen).toEqual(expected);
  });

  it('sends a caller without a key to the sign-in form from a page, and answers 401 for a download', async () => {
    for (const [route, policy] of Object.entries(POLICY)) {
      if (policy === 'sign-in') continue;
      const response = await get(stack, policy.path(ids, ids.ownPartner), undefined, policy);
      if (policy.csv) expect([route, response.status]).toEqual([route, 401]);
      else expect([route, response.status, response.headers.get('location')]).toEqual([route, 303, '/dashboard/sign-in']);
    }
  });

  it('answers any id and asOf, from any role, with a page or a refusal: never an error, a leak or another partner', async () => {
    const templates = Object.entries(POLICY).filter((entry): entry is [string, Policy] => entry[1] !== 'sign-in');
    const segment = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.uuid(),
      fc.constantFrom('..%2F..%2Fetc%2Fpasswd', '%00', "' OR 1=1 --", '<script>x</script>', '%E0%A4%A', 'x'.repeat(2000)),
    );
    const asOf = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 30 }),
      fc.date().map((d) => String(d.getTime())),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...templates), fc.constantFrom(...ROLES), segment, asOf, async ([route, policy], role, id, at) => {
        const url =
          policy.path({ commitment: encodeURIComponent(id), ownPartner: '', otherPartner: '' }, encodeURIComponent(id)) +
          (at === undefined ? '' : `?asOf=${encodeURIComponent(at)}`);
        const response = await get(stack, url, world.keys[role], policy);
        const body = await response.text();
        expect([route, url, [200, 400, 403, 404].includes(response.status)]).toEqual([route, url, true]);
        expect([route, url, LEAK.exec(body)?.[0] ?? null]).toEqual([route, url, null]);
        if (role === 'PARTNER') expect([route, url, body.includes(otherPartnerName)]).toEqual([route, url, false]);
        // Every HTML page carries the CSP; a path no route matches (an empty id) gets the API's plain JSON 404 instead.
        if (response.headers.get('content-type')?.startsWith('text/html'))
          expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      }),
      { numRuns: 150 },
    );
  });
});

/** A partner's MDF request approved, claimed and carrying one proof file, through the API: the download's fixture. */
async function claimedWithProof(stack: ProductStack, partnerId: string): Promise<{ request: string; attachment: string }> {
  const budget = await call('POST', `${stack.apiUrl}/v1/mdf/budgets`, {
    key: ADMIN_KEY,
    body: { period: thisQuarter(), partnerId, amount: '10000.00' },
  });
  expect(budget.status).toBe(201);
  const day = 86_400_000;
  const request = await call<{ id: string }>('POST', `${stack.apiUrl}/v1/mdf/requests`, {
    key: ADMIN_KEY,
    body: {
      partnerId,
      kind: 'EVENT',
      title: 'Matrix roadshow',
      plan: 'A roadshow',
      targetSegment: 'retail',
      amount: '1000.00',
      startsAt: new Date(Date.now() - 2 * day).toISOString(),
      endsAt: new Date(Date.now() - day).toISOString(),
    },
  });
  expect(request.status).toBe(201);
  const id = request.body.id;
  expect((await call('POST', `${stack.apiUrl}/v1/mdf/requests/${id}/approve`, { key: ADMIN_KEY, body: {} })).status).toBe(200);
  const claim = await call('POST', `${stack.apiUrl}/v1/mdf/requests/${id}/claim`, {
    key: ADMIN_KEY,
    body: { amount: '900.00', leadsReached: 3, customersReached: 1, summary: 'Held' },
  });
  expect(claim.status).toBe(201);
  const attached = await fetch(`${stack.apiUrl}/v1/mdf/requests/${id}/claim/attachments?fileName=proof.pdf`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/pdf' },
    body: '%PDF-1.4 matrix proof',
  });
  expect(attached.status).toBe(201);
  return { request: id, attachment: ((await attached.json()) as { id: string }).id };
}
