import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { openFailFastRedis, whenRedisReady } from '@bridge/queues';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (the Retry-After of a refusal). */
  resetSeconds: number;
}

const WARN_EVERY_MS = 60_000;
/** How long start-up waits for Redis; after that the API starts anyway and the limit applies once Redis answers. */
const CONNECT_WAIT_MS = 2000;

/**
 * Fixed windows in Redis, shared by every API instance: requests per API key
 * (one INCR per request), and failed key attempts per client address (a key
 * guesser's budget). If Redis cannot answer, requests pass: the limits
 * protect capacity and slow guessing, they are not what keeps data safe (keys
 * are 192 random bits), and Redis being away must not take the API down.
 */
@Injectable()
export class ApiKeyRateLimiter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeyRateLimiter.name);
  private client?: Redis;
  private lastWarning = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Connects before the first request: commands are not queued while disconnected, so an unready client would let requests through uncounted. */
  async onModuleInit(): Promise<void> {
    await whenRedisReady(this.connection(), CONNECT_WAIT_MS);
  }

  get windowSeconds(): number {
    return this.config.API_RATE_LIMIT_WINDOW_SECONDS;
  }

  /** Counts one request of the key. */
  take(keyId: string, now = Date.now()): Promise<RateDecision> {
    return this.count(`api-rate:${keyId}`, this.config.API_RATE_LIMIT_PER_KEY, this.config.API_RATE_LIMIT_WINDOW_SECONDS, 1, now);
  }

  /** Whether the address may try a key again: allowed while its failures in the window are under the limit. Counts nothing. */
  mayTryKey(address: string, now = Date.now()): Promise<RateDecision> {
    return this.count(`key-failures:${address}`, this.config.AUTH_FAILURES_PER_ADDRESS, this.config.AUTH_FAILURE_WINDOW_SECONDS, 0, now);
  }

  /** Counts a failed key attempt (unknown or revoked key) from the address. */
  keyFailed(address: string, now = Date.now()): Promise<RateDecision> {
    return this.count(`key-failures:${address}`, this.config.AUTH_FAILURES_PER_ADDRESS, this.config.AUTH_FAILURE_WINDOW_SECONDS, 1, now);
  }

  /** Adds `by` to the window's counter (0 reads it); allowed while the count, with one more if only reading, is within the limit. */
  private async count(name: string, limit: number, windowSeconds: number, by: 0 | 1, now: number): Promise<RateDecision> {
    const windowMs = windowSeconds * 1000;
    const window = Math.floor(now / windowMs);
    const resetSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    const counter = `${this.config.QUEUE_PREFIX}:${name}:${window}`;
    try {
      const results = await this.connection().multi().incrby(counter, by).pexpire(counter, windowMs).exec();
      const count = Number(results?.[0]?.[1] ?? 0) + (by === 0 ? 1 : 0);
      return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetSeconds };
    } catch (error) {
      if (now - this.lastWarning > WARN_EVERY_MS) {
        this.lastWarning = now;
        this.logger.warn(`rate limit not applied, Redis did not answer: ${(error as Error).message}`);
      }
      return { allowed: true, limit, remaining: limit, resetSeconds };
    }
  }

  private connection(): Redis {
    this.client ??= openFailFastRedis(this.config.REDIS_URL);
    return this.client;
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }
}
