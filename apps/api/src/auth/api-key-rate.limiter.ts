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

/**
 * KEYS[1] the address's failure counter, KEYS[2] (optional) the key's request
 * counter; ARGV[1] the failure limit, ARGV[2] the request window in ms.
 * Reads the failures; only an address under its limit has the request counted.
 */
const CHECK_THEN_TAKE = `
local failed = tonumber(redis.call('GET', KEYS[1]) or '0')
if failed + 1 > tonumber(ARGV[1]) or #KEYS < 2 then return {failed, 0} end
local count = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return {failed, count}`;

/** The client with CHECK_THEN_TAKE defined on it: sent by its SHA (EVALSHA), the script's text only when Redis does not hold it yet. */
type KeyCheckingRedis = Redis & { checkThenTake(keyCount: number, ...keysThenArgs: Array<string | number>): Promise<[number, number]> };

/** Allowed while `count` (the requests so far, this one included) is within the limit. */
const decision = (count: number, limit: number, resetSeconds: number): RateDecision => ({
  allowed: count <= limit,
  limit,
  remaining: Math.max(0, limit - count),
  resetSeconds,
});
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
  private client?: KeyCheckingRedis;
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

  /**
   * mayTryKey for the address and, when it may, take for the key (or only
   * the check, without a key): one round trip where the two calls make two,
   * for a key already known live. A throttled address counts nothing.
   */
  async mayTryKeyThenTake(
    address: string,
    keyId: string | null,
    now = Date.now(),
  ): Promise<{ budget: RateDecision; rate: RateDecision | null }> {
    const failures = this.windowOf(`key-failures:${address}`, this.config.AUTH_FAILURE_WINDOW_SECONDS, now);
    const requests = this.windowOf(`api-rate:${keyId}`, this.config.API_RATE_LIMIT_WINDOW_SECONDS, now);
    const failureLimit = this.config.AUTH_FAILURES_PER_ADDRESS;
    const rateLimit = this.config.API_RATE_LIMIT_PER_KEY;
    try {
      const keys = keyId ? [failures.counter, requests.counter] : [failures.counter];
      const [failed, count] = await this.connection().checkThenTake(keys.length, ...keys, failureLimit, requests.windowMs);
      const budget = decision(failed + 1, failureLimit, failures.resetSeconds);
      return { budget, rate: keyId && budget.allowed ? decision(count, rateLimit, requests.resetSeconds) : null };
    } catch (error) {
      this.warnUnapplied(error, now);
      return {
        budget: decision(0, failureLimit, failures.resetSeconds),
        rate: keyId ? { allowed: true, limit: rateLimit, remaining: rateLimit, resetSeconds: requests.resetSeconds } : null,
      };
    }
  }

  /** Counts a failed key attempt (unknown or revoked key) from the address. */
  keyFailed(address: string, now = Date.now()): Promise<RateDecision> {
    return this.count(`key-failures:${address}`, this.config.AUTH_FAILURES_PER_ADDRESS, this.config.AUTH_FAILURE_WINDOW_SECONDS, 1, now);
  }

  /** Adds `by` to the window's counter (0 reads it); allowed while the count, with one more if only reading, is within the limit. */
  private async count(name: string, limit: number, windowSeconds: number, by: 0 | 1, now: number): Promise<RateDecision> {
    const { counter, windowMs, resetSeconds } = this.windowOf(name, windowSeconds, now);
    try {
      const results = await this.connection().multi().incrby(counter, by).pexpire(counter, windowMs).exec();
      const count = Number(results?.[0]?.[1] ?? 0) + (by === 0 ? 1 : 0);
      return decision(count, limit, resetSeconds);
    } catch (error) {
      this.warnUnapplied(error, now);
      return { allowed: true, limit, remaining: limit, resetSeconds };
    }
  }

  /** The counter of the fixed window `now` falls in, and the seconds until that window ends. */
  private windowOf(name: string, windowSeconds: number, now: number) {
    const windowMs = windowSeconds * 1000;
    const window = Math.floor(now / windowMs);
    const resetSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    return { counter: `${this.config.QUEUE_PREFIX}:${name}:${window}`, windowMs, resetSeconds };
  }

  private warnUnapplied(error: unknown, now: number): void {
    if (now - this.lastWarning > WARN_EVERY_MS) {
      this.lastWarning = now;
      this.logger.warn(`rate limit not applied, Redis did not answer: ${(error as Error).message}`);
    }
  }

  private connection(): KeyCheckingRedis {
    if (!this.client) {
      const client = openFailFastRedis(this.config.REDIS_URL);
      client.defineCommand('checkThenTake', { lua: CHECK_THEN_TAKE });
      this.client = client as KeyCheckingRedis;
    }
    return this.client;
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }
}
