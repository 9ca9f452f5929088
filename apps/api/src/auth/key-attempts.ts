import { Injectable } from '@nestjs/common';
import { ApiKeyRateLimiter } from './api-key-rate.limiter';
import { ApiKeyService } from './api-key.service';
import type { Principal } from './principal';

export type KeyCheck =
  | { outcome: 'ok'; principal: Principal }
  | { outcome: 'unknown' }
  | { outcome: 'throttled'; retryAfterSeconds: number };

/**
 * Checks a presented API key on behalf of a client address, for the API's
 * Bearer header and the dashboard alike. An address that failed too often in
 * the window is refused before its key is even looked up, so a guesser learns
 * nothing more, a right guess included, until the window ends.
 */
@Injectable()
export class KeyAttempts {
  constructor(
    private readonly keys: ApiKeyService,
    private readonly rates: ApiKeyRateLimiter,
  ) {}

  async check(key: string, address: string): Promise<KeyCheck> {
    const budget = await this.rates.mayTryKey(address);
    if (!budget.allowed) return { outcome: 'throttled', retryAfterSeconds: budget.resetSeconds };
    const principal = await this.keys.authenticate(key);
    if (principal) return { outcome: 'ok', principal };
    await this.rates.keyFailed(address);
    return { outcome: 'unknown' };
  }
}

/** The address a request came from (the proxy's, unless Express is told to trust forwarded headers). */
export function clientAddress(request: { ip?: string; socket?: { remoteAddress?: string } }): string {
  return request.ip ?? request.socket?.remoteAddress ?? 'unknown';
}
