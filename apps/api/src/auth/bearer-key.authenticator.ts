import { HttpStatus, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError } from '../http/api-error';
import { ApiKeyRateLimiter } from './api-key-rate.limiter';
import { clientAddress, KeyAttempts } from './key-attempts';
import type { Principal } from './principal';

/**
 * Turns `Authorization: Bearer <api key>` into the caller, or refuses: 401
 * for a missing, unknown or revoked key, 403 for a PARTNER key without a
 * partner, 429 (with Retry-After) beyond the key's budget for the window or
 * after too many failed keys from the caller's address. One Redis round trip
 * for a key this process found live moments ago, else a hash lookup and two:
 * cheap enough to run before a body is read.
 */
@Injectable()
export class BearerKeyAuthenticator {
  constructor(
    private readonly attempts: KeyAttempts,
    private readonly rates: ApiKeyRateLimiter,
  ) {}

  async authenticate(authorization: string | undefined, response: Response): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match)
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'an API key is required: Authorization: Bearer <key>', [
        { field: 'Authorization', reason: 'missing or not a Bearer token' },
      ]);
    const checked = await this.attempts.check(match[1], clientAddress(response.req), { countRequest: true });
    if (checked.outcome === 'throttled') {
      response.setHeader('Retry-After', String(checked.retryAfterSeconds));
      const reason = `too many unknown or revoked keys from this address; retry after ${checked.retryAfterSeconds} s`;
      throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, reason, [{ field: 'Authorization', reason }]);
    }
    if (checked.outcome === 'unknown')
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'the API key is unknown or revoked', [
        { field: 'Authorization', reason: 'unknown or revoked key' },
      ]);
    const { principal, rate } = checked;
    if (!rate) throw new Error('the key check did not count the request');
    response.setHeader('X-RateLimit-Limit', String(rate.limit));
    response.setHeader('X-RateLimit-Remaining', String(rate.remaining));
    if (!rate.allowed) {
      response.setHeader('Retry-After', String(rate.resetSeconds));
      const reason = `more than ${rate.limit} requests in ${this.rates.windowSeconds} s with this key; retry after ${rate.resetSeconds} s`;
      throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, `rate limit exceeded: ${reason}`, [{ field: 'Authorization', reason }]);
    }
    return principal;
  }
}
