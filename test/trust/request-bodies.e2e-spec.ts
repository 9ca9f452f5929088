import { resetDatabase, testConfig } from '@bridge/testing';
import { call } from '../http-client';
import { storeAdminKey } from './trust-fixtures';
import { startTrustStack, type TrustStack } from './trust-stack';

const ADMIN_KEY = 'bodies-admin-key-0123456789abcdef';
const MB = 1024 * 1024;

jest.setTimeout(60_000);

/** Posts a body of `bytes` bytes that is not JSON at all (an unterminated string), timing the answer. */
async function postJunk(url: string, bytes: number, headers: Record<string, string> = {}) {
  const started = performance.now();
  const answer = await call<{ statusCode: number; message: string; details: { field: string; reason: string }[] }>('POST', url, {
    rawBody: `{"x":"${'a'.repeat(bytes - 6)}`,
    headers,
  });
  return { ...answer, ms: performance.now() - started };
}

describe('trust: request bodies are read only from proven callers, and only as much as the route needs', () => {
  let stack: TrustStack;

  beforeAll(async () => {
    stack = await startTrustStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }), { workers: false });
  });
  afterAll(() => stack.stop());
  beforeEach(async () => {
    await resetDatabase(stack.config.DATABASE_URL);
    await storeAdminKey(stack.config.DATABASE_URL, ADMIN_KEY);
  });

  it('refuses an unauthenticated 5 MB body 401 before reading it: not even its broken JSON is noticed', async () => {
    for (const path of ['/v1/usage', '/v1/partners', '/v1/reconciliation/imports?feed=aws']) {
      for (const headers of [{}, { authorization: 'Bearer not-a-key-0123456789' }] as Record<string, string>[]) {
        const answer = await postJunk(`${stack.apiUrl}${path}`, 5 * MB, headers);
        expect([path, answer.status]).toEqual([path, 401]);
        expect(answer.body.details).toEqual([
          { field: 'Authorization', reason: expect.stringMatching(/^(missing or not a Bearer token|unknown or revoked key)$/) },
        ]);
      }
    }
    // The same body with a key is read, and found not to be JSON: the 401 above was answered without parsing it.
    const parsed = await postJunk(`${stack.apiUrl}/v1/usage`, 5 * MB, { authorization: `Bearer ${ADMIN_KEY}` });
    expect(parsed.status).toBe(400);
    expect(parsed.body.details[0]).toMatchObject({ field: '(body)', reason: expect.stringMatching(/^body is not valid JSON/) });
  });

  it('answers an authenticated body over its route’s limit 413, naming the limit', async () => {
    const key = { authorization: `Bearer ${ADMIN_KEY}` };
    const cases: [string, number, string][] = [
      ['/v1/api-keys', 20 * 1024, '16kb'],
      ['/v1/partners', 2 * MB, '1mb'],
      ['/v1/usage', 9 * MB, '8mb'],
    ];
    for (const [path, bytes, limit] of cases) {
      const answer = await postJunk(`${stack.apiUrl}${path}`, bytes, key);
      expect([path, answer.status]).toEqual([path, 413]);
      expect(answer.body.details).toEqual([{ field: '(body)', reason: `body is larger than the ${limit} this endpoint accepts` }]);
    }
  });

  it('gives routes without an API key small limits of their own', async () => {
    const signIn = await postJunk(`${stack.apiUrl}/dashboard/sign-in`, 100 * 1024);
    expect(signIn.status).toBe(413);
    expect(signIn.body.details).toEqual([{ field: '(body)', reason: 'body is larger than the 64kb this endpoint accepts' }]);
    const sns = await postJunk(`${stack.apiUrl}/webhooks/aws/sns`, 400 * 1024, { 'content-type': 'text/plain' });
    expect(sns.status).toBe(413);
    expect(sns.body.details[0].reason).toBe('body is larger than the 320kb this endpoint accepts');
  });
});
