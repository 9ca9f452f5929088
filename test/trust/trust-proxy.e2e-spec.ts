import { resetDatabase, startProductStack, testConfig, type ProductStack } from '@bridge/testing';
import { storeAdminKey } from './trust-fixtures';

const ADMIN_KEY = 'trust-proxy-admin-key-0123456789abcdef';
const FAILURES_ALLOWED = 2;

jest.setTimeout(60_000);

/** A /v1 call as a proxy would forward it for `client`. */
const fromClient = (stack: ProductStack, client: string, key: string) =>
  fetch(`${stack.apiUrl}/v1/partners`, { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': client } });

async function failTooOften(stack: ProductStack, client: string): Promise<void> {
  for (let i = 0; i < FAILURES_ALLOWED; i += 1)
    expect((await fromClient(stack, client, `mpb_wrong-${i}-0123456789abcdef`)).status).toBe(401);
  expect((await fromClient(stack, client, ADMIN_KEY)).status).toBe(429);
}

/** Each case runs its own API on a fresh window (its own queue prefix keeps the throttle's counters apart). */
async function apiWith(overrides: Record<string, string>): Promise<ProductStack> {
  const stack = await startProductStack(
    await testConfig({ BOOTSTRAP_ADMIN_API_KEY: ADMIN_KEY, AUTH_FAILURES_PER_ADDRESS: String(FAILURES_ALLOWED), ...overrides }),
    { workers: false },
  );
  await resetDatabase(stack.config.DATABASE_URL);
  await storeAdminKey(stack.config.DATABASE_URL, ADMIN_KEY);
  return stack;
}

describe('client addresses behind a proxy (TRUST_PROXY)', () => {
  it('ignores X-Forwarded-For by default: a guesser cannot escape the throttle by naming another address', async () => {
    const stack = await apiWith({ QUEUE_PREFIX: `proxy-off-${process.pid}` });
    try {
      await failTooOften(stack, '203.0.113.7');
      expect((await fromClient(stack, '198.51.100.9', ADMIN_KEY)).status).toBe(429);
    } finally {
      await stack.stop();
    }
  });

  it('with a trusted proxy, throttles the forwarded client alone and lets the others in', async () => {
    const stack = await apiWith({ QUEUE_PREFIX: `proxy-on-${process.pid}`, TRUST_PROXY: 'loopback' });
    try {
      await failTooOften(stack, '203.0.113.7');
      expect((await fromClient(stack, '198.51.100.9', ADMIN_KEY)).status).toBe(200);
      expect((await fromClient(stack, '203.0.113.7', ADMIN_KEY)).status).toBe(429);
    } finally {
      await stack.stop();
    }
  });
});
