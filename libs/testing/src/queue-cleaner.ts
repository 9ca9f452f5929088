import { Redis } from 'ioredis';
import { redisOptionsFromUrl } from '@bridge/queues';

/** Removes every key of a queue prefix, so a suite leaves Redis as it found it. */
export async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisOptionsFromUrl(redisUrl));
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
