import { HttpStatus, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError } from '../http/api-error';
import { ApiKeyRateLimiter } from './api-key-rate.limiter';
import { ApiKeyService } from './api-key.service';
import type { Principal } from './principal';

/**
 * Turns `Authorization: Bearer <api key>` into the caller, or refuses: 401
 * for a missing, unknown or revoked key, 403 for a PARTNER key without a
 * partner, 429 (with Retry-After) beyond the key's budget for the window.
 * One hash lookup and one Redis INCR: cheap enough to run before a body is read.
 */
@Injectable()
export class BearerKeyAuthenticator {
  constructor(
    private readonly keys: ApiKeyService,
    private readonly rates: ApiKeyRateLimiter,
  ) {}

  async authenticate(authorization: string | undefined, response: Response): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new ApiError(HttpStatus.UNAUTHORIZED, 'an API key is required: Authorization: Bearer <key>', [{ field: 'Authorization', reason: 'missing or not a Bearer token' }]);
    const principal = await this.keys.authenticate(match[1]);
    if (!principal) throw new ApiError(HttpStatus.UNAUTHORIZED, 'the API key is unknown or revoked', [{ field: 'Authorization', reason: 'unknown or revoked key' }]);
    const rate = await this.rates.take(principal.keyId);
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
