import { createSign, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { loadConfig, type AppConfig } from '@bridge/config';
import { bootstrapWorker } from '@bridge/queues';
import { deleteQueueKeys, freePort, queryDatabase, resetDatabase } from '@bridge/testing';
import { call } from '../http-client';
import { bootstrapApi } from '../../apps/api/src/bootstrap-api';
import { AttributionBridgeModule } from '../../apps/attribution-bridge/src/attribution-bridge.module';
import { bootstrapSandbox } from '../../apps/marketplace-sandbox/src/bootstrap-sandbox';
import { SigningKeysService } from '../../apps/marketplace-sandbox/src/notifications/signing-keys.service';

/**
 * The product as trust tests need it: the sandbox (whose signing keys a test
 * may borrow to sign claims the sandbox never would), the attribution worker
 * and the API; plus, on demand, a second API on the same database and queues
 * configured strictly (the sandbox's signers not trusted, secrets required).
 */
export interface TrustStack {
  config: AppConfig;
  apiUrl: string;
  sandboxUrl: string;
  sandbox: INestApplication;
  api: INestApplication;
  keys: SigningKeysService;
  startApi(overrides: Record<string, string>): Promise<{ url: string; config: AppConfig }>;
  stop(): Promise<void>;
}

export async function startTrustStack(config: AppConfig, options: { workers?: boolean } = {}): Promise<TrustStack> {
  const started: INestApplicationContext[] = [];
  const sandbox = await bootstrapSandbox(config, { eventTargetUrl: `http://127.0.0.1:${config.PORT}` });
  started.push(sandbox);
  if (options.workers !== false) started.push(await bootstrapWorker(AttributionBridgeModule.forRoot(config), config));
  const api = await bootstrapApi(config);
  started.push(api);
  return {
    config,
    apiUrl: `http://127.0.0.1:${config.PORT}`,
    sandboxUrl: config.sandboxUrl,
    sandbox,
    api,
    keys: sandbox.get(SigningKeysService),
    async startApi(overrides) {
      const port = await freePort();
      const strict = loadConfig({ ...process.env, ...configAsEnv(config), PORT: String(port), ...overrides });
      started.push(await bootstrapApi(strict));
      return { url: `http://127.0.0.1:${port}`, config: strict };
    },
    async stop() {
      for (const app of started.reverse()) await app.close();
      await deleteQueueKeys(config.REDIS_URL, config.QUEUE_PREFIX);
    },
  };
}

/** The settings of a loaded config that a second app must share (database, queues, sandbox). */
function configAsEnv(config: AppConfig): Record<string, string> {
  return {
    DATABASE_URL: config.DATABASE_URL,
    REDIS_URL: config.REDIS_URL,
    QUEUE_PREFIX: config.QUEUE_PREFIX,
    SANDBOX_PORT: String(config.SANDBOX_PORT),
    SANDBOX_ENTRA_PORT: String(config.SANDBOX_ENTRA_PORT),
    LOG_LEVEL: config.LOG_LEVEL,
  };
}

/** Each test starts from an empty product and sandbox, with one admin key. */
export async function resetTrustStack(stack: TrustStack, adminKey: string): Promise<void> {
  await resetDatabase(stack.config.DATABASE_URL);
  await call('POST', `${stack.sandboxUrl}/_sandbox/reset`);
  await queryDatabase(
    stack.config.DATABASE_URL,
    `INSERT INTO api_key (id, name, key_hash, prefix, role) VALUES (gen_random_uuid(), 'admin', encode(sha256($1::bytea), 'hex'), 'trust', 'ADMIN')`,
    [adminKey],
  );
}

export const countEvents = async (databaseUrl: string): Promise<number> =>
  Number((await queryDatabase<{ n: string }>(databaseUrl, 'SELECT count(*) AS n FROM marketplace_event'))[0].n);

/** A JWT signed RS256 with the given key: the tests' forger and, with the sandbox's key, its counterfeiter. */
export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject | null,
  algorithm: 'RS256' | 'none' = 'RS256',
): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  if (algorithm === 'none' || !key) return `${input}.`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

export const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A key pair nobody trusts. */
export const strangerKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/** Signs an SNS canonical string as SignatureVersion 1 (SHA1) or 2 (SHA256). */
export function signSns(canonical: string, key: KeyObject, version: '1' | '2'): string {
  const signer = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
  signer.update(canonical, 'utf8');
  return signer.sign(key).toString('base64');
}
