import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '@bridge/config';
import { freePort } from './free-port';

/**
 * A configuration of its own for one test suite: free ports and a queue
 * prefix nobody else uses, on the test database that `npm test` migrated.
 */
export async function testConfig(overrides: Record<string, string> = {}): Promise<AppConfig> {
  const [port, sandboxPort, entraPort] = [await freePort(), await freePort(), await freePort()];
  return loadConfig({
    ...process.env,
    PORT: String(port),
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_ENTRA_PORT: String(entraPort),
    QUEUE_PREFIX: `t-${randomBytes(4).toString('hex')}`,
    INBOX_SWEEP_INTERVAL_MS: '500',
    ...overrides,
  });
}
