import { Redis } from 'ioredis';
import { redisOptionsFromUrl } from './redis-connection.options';

/** A Redis that is connected but does not answer (a failover, a stalled server) is taken as away after this long. */
const COMMAND_TIMEOUT_MS = 500;

/**
 * A Redis client for work that must not wait on Redis (a rate limit, a
 * shared pace): commands are not queued while it is disconnected, are tried
 * once and time out, so a caller learns at once that Redis is away and falls
 * back to what it can do alone. Errors are the caller's to report.
 */
export function openFailFastRedis(redisUrl: string): Redis {
  const client = new Redis({
    ...redisOptionsFromUrl(redisUrl),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
  });
  client.on('error', () => undefined);
  return client;
}

/** Waits until the client is connected, or `waitMs` has passed (then the caller starts anyway, on its fallback). */
export async function whenRedisReady(client: Redis, waitMs: number): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, waitMs);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
