import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { redisOptionsFromUrl } from './redis-connection.options';

/** Answers whether Redis is reachable, without queueing the probe while it is not. */
@Injectable()
export class RedisHealth implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisHealth.name);
  private client?: Redis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async ping(): Promise<boolean> {
    try {
      return (await this.connection().ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  /** BullMQ needs `noeviction`: with any other policy Redis may silently drop jobs. */
  async warnUnlessNoEviction(): Promise<void> {
    try {
      const [, policy] = (await this.connection().config('GET', 'maxmemory-policy')) as [string, string];
      if (policy !== 'noeviction') this.logger.warn(`Redis maxmemory-policy is "${policy}"; set it to "noeviction" or jobs may be lost`);
    } catch {
      // Managed Redis often forbids CONFIG; nothing to check then.
    }
  }

  private connection(): Redis {
    this.client ??= new Redis({
      ...redisOptionsFromUrl(this.config.REDIS_URL),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
    });
    this.client.on('error', () => undefined);
    return this.client;
  }

  async onApplicationShutdown(): Promise<void> {
    this.client?.disconnect();
  }
}
