import { Injectable } from '@nestjs/common';
import { ApiKeyRateLimiter, type RateDecision } from './api-key-rate.limiter';
import { ApiKeyService } from './api-key.service';
import type { Principal } from './principal';

export type KeyCheck =
  /** `rate`: the key's request budget after this one, when the check was asked to count the request. */
  | { outcome: 'ok'; principal: Principal; rate: RateDecision | null }
  | { outcome: 'unknown' }
  | { outcome: 'throttled'; retryAfterSeconds: number };

/**
 * Checks a presented API key on behalf of a client address, for the API's
 * Bearer header and the dashboard alike. An address that failed too often in
 * the window is refused before its key is even looked up, so a guesser learns
 * nothing more, a right guess included, until the window ends. A key this
 * process found live moments ago (ApiKeyService.remembered) costs one Redis
 * round trip and no database query: the address's budget and the key's
 * request count in one script.
 */
@Injectable()
export class KeyAttempts {
  constructor(
    private readonly keys: ApiKeyService,
    private readonly rates: ApiKeyRateLimiter,
  ) {}

  /**
   * `countRequest`: also count the request against the key's budget (the
   * API's; a dashboard page is not counted). `fresh`: look the key up in the
   * database whatever this process remembers (a sign-in stores its id).
   */
  async check(key: string, address: string, options: { countRequest?: boolean; fresh?: boolean } = {}): Promise<KeyCheck> {
    const known = options.fresh ? undefined : this.keys.remembered(key);
    if (known) {
      const { budget, rate } = await this.rates.mayTryKeyThenTake(address, options.countRequest ? known.keyId : null);
      if (!budget.allowed) return { outcome: 'throttled', retryAfterSeconds: budget.resetSeconds };
      const principal = await this.keys.authenticate(key);
      if (principal) return { outcome: 'ok', principal, rate };
    } else {
      const budget = await this.rates.mayTryKey(address);
      if (!budget.allowed) return { outcome: 'throttled', retryAfterSeconds: budget.resetSeconds };
      const principal = await this.keys.authenticate(key, { fresh: options.fresh });
      if (principal) return { outcome: 'ok', principal, rate: options.countRequest ? await this.rates.take(principal.keyId) : null };
    }
    await this.rates.keyFailed(address);
    return { outcome: 'unknown' };
  }
}

/** The address a request came from (the proxy's, unless Express is told to trust forwarded headers). */
export function clientAddress(request: { ip?: string; socket?: { remoteAddress?: string } }): string {
  return request.ip ?? request.socket?.remoteAddress ?? 'unknown';
}
