import { startProductStack, testConfig, type ProductStack } from '@bridge/testing';

const ADMIN_KEY = 'metrics-admin-key-0123456789abcdef';
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

jest.setTimeout(60_000);

const scrape = (stack: ProductStack, authorization?: string) =>
  fetch(`${stack.apiUrl}/metrics`, { headers: authorization ? { authorization } : {} });

describe('operations: /metrics wants its own token and collects at most once per cache window', () => {
  let stack: ProductStack;

  beforeAll(async () => {
    stack = await startProductStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY, METRICS_TOKEN, METRICS_CACHE_SECONDS: '60' }), {
      workers: false,
    });
  });
  afterAll(() => stack.stop());

  it('refuses a scrape without the token, with a wrong one, or with an API key, before collecting anything', async () => {
    for (const authorization of [undefined, 'Bearer not-the-metrics-token-at-all', `Bearer ${ADMIN_KEY}`]) {
      const answer = await scrape(stack, authorization);
      expect([authorization, answer.status]).toEqual([authorization, 401]);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await answer.text()).not.toMatch(/bridge_/);
    }
  });

  it('serves the bearer of METRICS_TOKEN, and serves the same collection to every scrape within the window', async () => {
    const first = await scrape(stack, `Bearer ${METRICS_TOKEN}`);
    expect(first.status).toBe(200);
    const body = await first.text();
    expect(body).toMatch(/^bridge_queue_jobs\{queue="attribution",state="waiting"\} \d+/m);
    // CPU seconds and heap change from one collection to the next: an identical body was not collected again.
    const again = await Promise.all([1, 2, 3].map(async () => (await scrape(stack, `Bearer ${METRICS_TOKEN}`)).text()));
    expect(again).toEqual([body, body, body]);
  });

  it('is closed to everyone when no token is configured', async () => {
    const unconfigured = await startProductStack(await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY }), { workers: false });
    try {
      const answer = await scrape(unconfigured, `Bearer ${METRICS_TOKEN}`);
      expect(answer.status).toBe(401);
      expect(await answer.text()).toMatch(/set METRICS_TOKEN/);
    } finally {
      await unconfigured.stop();
    }
  });
});
