import { Redis } from 'ioredis';
import pg from 'pg';

/** What one look at a service found. */
export interface ProbeResult {
  service: 'PostgreSQL' | 'Redis';
  /** The setting that says where it is. */
  variable: 'DATABASE_URL' | 'REDIS_URL';
  /** host:port, never the password the URL may carry. */
  address: string;
  /** Something accepted the connection: an answer that refuses us is about credentials, not installation. */
  answered: boolean;
  /** null when the service answered and accepted us. */
  problem: string | null;
}

/** A database `npm start` creates on first run (migrate deploy) is not yet a problem. */
const DATABASE_DOES_NOT_EXIST = '3D000';

/** PostgreSQL at DATABASE_URL: connects and runs one query. */
export async function probePostgres(databaseUrl: string, timeoutMs: number): Promise<ProbeResult> {
  const result = { service: 'PostgreSQL', variable: 'DATABASE_URL', address: addressOf(databaseUrl, 5432) } as const;
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // A connection that dies after connecting is reported by the query; the event must not go unheard.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ...result, answered: true, problem: null };
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === DATABASE_DOES_NOT_EXIST) return { ...result, answered: true, problem: null };
    // PostgreSQL's own errors carry a five-character SQLSTATE; network errors carry ECONNREFUSED and the like.
    return { ...result, answered: /^[0-9A-Z]{5}$/.test(code ?? ''), problem: describe(code, message) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Redis at REDIS_URL: connects and sends PING, once, without retrying. */
export async function probeRedis(redisUrl: string, timeoutMs: number): Promise<ProbeResult> {
  const result = { service: 'Redis', variable: 'REDIS_URL', address: addressOf(redisUrl, 6379) } as const;
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let connected = false;
  redis.on('connect', () => (connected = true));
  // Without retries, connect() rejects with a bare "Connection is closed"; the socket's own error says why.
  let socketError: Error | undefined;
  redis.on('error', (error: Error) => (socketError ??= error));
  try {
    await redis.connect();
    await redis.ping();
    return { ...result, answered: true, problem: null };
  } catch (error) {
    const { code, message } = (connected ? error : (socketError ?? error)) as { code?: string; message: string };
    return { ...result, answered: connected, problem: describe(code, message) };
  } finally {
    // After a refused connection the client has already ended; disconnecting again would hold the process for ioredis's disconnect timeout.
    if (redis.status !== 'end') redis.disconnect();
  }
}

function addressOf(serviceUrl: string, defaultPort: number): string {
  const url = new URL(serviceUrl);
  return `${url.hostname}:${url.port || defaultPort}`;
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'nothing listens there',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name cannot be resolved',
  ETIMEDOUT: 'no answer in time',
  EHOSTUNREACH: 'the host cannot be reached',
};

function describe(code: string | undefined, message: string): string {
  if (code && NETWORK_ERRORS[code]) return NETWORK_ERRORS[code];
  if (/timeout|timed out/i.test(message)) return NETWORK_ERRORS.ETIMEDOUT;
  return message;
}
