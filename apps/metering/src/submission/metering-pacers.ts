import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { openFailFastRedis, whenRedisReady } from '@bridge/queues';
import { SharedCallPacer } from './shared-call.pacer';

const CONNECT_WAIT_MS = 2000;
const WARN_EVERY_MS = 60_000;

/** The shared pace of each cloud's metering calls (METERING_AWS_CALLS_PER_SECOND for the whole deployment), and the Redis connection it runs on. */
@Injectable()
export class MeteringPacers implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MeteringPacers.name);
  private readonly redis: Redis;
  private readonly pacers = new Map<string, SharedCallPacer>();
  private lastWarning = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.redis = openFailFastRedis(config.REDIS_URL);
  }

  async onModuleInit(): Promise<void> {
    await whenRedisReady(this.redis, CONNECT_WAIT_MS);
  }

  for(cloud: string): SharedCallPacer {
    let pacer = this.pacers.get(cloud);
    if (!pacer) {
      const key = `${this.config.QUEUE_PREFIX}:metering-pace:${cloud}`;
      pacer = new SharedCallPacer(this.redis, key, this.config.METERING_AWS_CALLS_PER_SECOND, (error) => this.warn(error));
      this.pacers.set(cloud, pacer);
    }
    return pacer;
  }

  private warn(error: Error): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn(`metering calls paced by this process alone, Redis did not answer: ${error.message}`);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
