import { createHash } from 'node:crypto';
import { queryDatabase, resetDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { call } from '../http-client';
import { storeAdminKey } from '../trust/trust-fixtures';

const ADMIN_KEY = 'dashboard-sessions-admin-key-0123456789';
const FAILURES_ALLOWED = 3;

jest.setTimeout(60_000);

/** The cookies a response sets, by name (value and attributes). */
function setCookies(response: Response): Record<string, { value: string; attributes: string }> {
  return Object.fromEntries(
    response.headers.getSetCookie().map((line) => {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      return [pair.slice(0, at), { value: decodeURIComponent(pair.slice(at + 1)), attributes: attributes.join(';') }];
    }),
  );
}

const hiddenCsrf = (html: string) => /name="csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('dashboard sessions: a random session id in the cookie, CSRF tokens on the forms, failed keys throttled', () => {
  let stack: ProductStack;
  const url = (path: string) => `${stack.apiUrl}${path}`;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (path: string, fields: Record<string, string>, cookie: string) =>
    fetch(url(path), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: form(fields),
    });

  /** Loads the sign-in form as a browser does: its CSRF cookie and hidden field. */
  async function signInForm(): Promise<{ cookie: string; csrf: string }> {
    const answer = await fetch(url('/dashboard/sign-in'));
    const csrfCookie = setCookies(answer).mpb_sign_in_csrf;
    expect(csrfCookie.attributes).toMatch(/HttpOnly.*SameSite=Strict/);
    return { cookie: `mpb_sign_in_csrf=${encodeURIComponent(csrfCookie.value)}`, csrf: hiddenCsrf(await answer.text()) };
  }

  async function signIn(key: string): Promise<Response> {
    const { cookie, csrf } = await signInForm();
    return post('/dashboard/sign-in', { key, csrf }, cookie);
  }

  const sessionRows = () =>
    queryDatabase<{ token_hash: string; revoked_at: Date | null }>(
      stack.config.DATABASE_URL,
      'SELECT token_hash, revoked_at FROM dashboard_session',
    );

  beforeAll(async () => {
    stack = await startProductStack(
      await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY, AUTH_FAILURES_PER_ADDRESS: String(FAILURES_ALLOWED) }),
      { workers: false },
    );
    await resetDatabase(stack.config.DATABASE_URL);
    await storeAdminKey(stack.config.DATABASE_URL, ADMIN_KEY);
  });
  afterAll(() => stack.stop());

  it('keeps a random session id in the cookie, never the key, and stores only its hash', async () => {
    const answer = await signIn(ADMIN_KEY);
    expect(answer.status).toBe(303);
    const session = setCookies(answer).mpb_session;
    expect(session.value).not.toContain(ADMIN_KEY);
    expect(session.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.attributes).toMatch(/HttpOnly/);
    expect(session.attributes).toMatch(/SameSite=Strict/);
    expect(await sessionRows()).toEqual([{ token_hash: sha256(session.value), revoked_at: null }]);
    const overview = await fetch(url('/dashboard'), { headers: { cookie: `mpb_session=${session.value}` }, redirect: 'manual' });
    expect(overview.status).toBe(200);
    // A client header no longer decides Secure; outside production a plain-HTTP request gets none.
    const proxied = await fetch(url('/dashboard/sign-in'), { headers: { 'x-forwarded-proto': 'https' } });
    expect(setCookies(proxied).mpb_sign_in_csrf.attributes).not.toMatch(/Secure/);
  });

  it('refuses a sign-in without the form’s CSRF token, or with another one, and starts no session', async () => {
    const before = (await sessionRows()).length;
    const { cookie, csrf } = await signInForm();
    for (const [fields, cookieHeader] of [
      [{ key: ADMIN_KEY }, cookie],
      [{ key: ADMIN_KEY, csrf: 'forged' }, cookie],
      [{ key: ADMIN_KEY, csrf }, ''],
    ] as const) {
      const answer = await post('/dashboard/sign-in', fields, cookieHeader);
      expect(answer.status).toBe(403);
      expect(setCookies(answer).mpb_session).toBeUndefined();
    }
    expect(await sessionRows()).toHaveLength(before);
  });

  it('signs out only with the session’s own token, and then the session id opens nothing', async () => {
    const session = setCookies(await signIn(ADMIN_KEY)).mpb_session.value;
    const cookie = `mpb_session=${session}`;
    const page = await (await fetch(url('/dashboard'), { headers: { cookie } })).text();
    const csrf = hiddenCsrf(page);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const forged = await post('/dashboard/sign-out', { csrf: 'not-the-token' }, cookie);
    expect(forged.status).toBe(403);
    expect((await fetch(url('/dashboard'), { headers: { cookie }, redirect: 'manual' })).status).toBe(200);

    const signedOut = await post('/dashboard/sign-out', { csrf }, cookie);
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/dashboard/sign-in');
    const after = await fetch(url('/dashboard'), { headers: { cookie }, redirect: 'manual' });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/dashboard/sign-in');
    expect((await fetch(url('/dashboard/leaderboard.csv'), { headers: { cookie } })).status).toBe(401);
    const row = (await sessionRows()).find((r) => r.token_hash === sha256(session));
    expect(row?.revoked_at).toBeInstanceOf(Date);
  });

  it('ends a session when its key is revoked', async () => {
    const issued = await call<{ id: string; key: string }>('POST', url('/v1/api-keys'), {
      key: ADMIN_KEY,
      body: { name: 'finance', role: 'FINANCE' },
    });
    const cookie = `mpb_session=${setCookies(await signIn(issued.body.key)).mpb_session.value}`;
    expect((await fetch(url('/dashboard'), { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
    expect((await call('DELETE', url(`/v1/api-keys/${issued.body.id}`), { key: ADMIN_KEY })).status).toBeLessThan(300);
    expect((await fetch(url('/dashboard'), { headers: { cookie }, redirect: 'manual' })).status).toBe(303);
  });

  // Last: it leaves this address throttled for the rest of the window.
  it('throttles an address after too many unknown keys, on the sign-in form and the API alike, a right key included', async () => {
    for (let i = 0; i < FAILURES_ALLOWED; i += 1) expect((await signIn(`mpb_wrong-guess-${i}-0123456789`)).status).toBe(401);
    const throttled = await signIn(ADMIN_KEY);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(setCookies(throttled).mpb_session).toBeUndefined();
    const api = await call('GET', url('/v1/partners'), { key: ADMIN_KEY });
    expect(api.status).toBe(429);
  });
});
