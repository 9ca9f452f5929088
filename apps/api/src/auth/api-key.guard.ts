import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { ApiRole } from '@bridge/database';
import { ApiError } from '../http/api-error';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators';
import { ApiKeyRateLimiter } from './api-key-rate.limiter';
import { ApiKeyService } from './api-key.service';
import type { Principal } from './principal';

/**
 * Every route needs `Authorization: Bearer <api key>` unless marked @Public().
 * Each key has a request budget per window; beyond it, 429 with Retry-After.
 * A PARTNER key without a partner is refused 403 as it authenticates
 * (principalOfKey): it never reaches a route with an unscoped view.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
    private readonly rates: ApiKeyRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new ApiError(HttpStatus.UNAUTHORIZED, 'an API key is required: Authorization: Bearer <key>', [{ field: 'Authorization', reason: 'missing or not a Bearer token' }]);
    const principal = await this.keys.authenticate(match[1]);
    if (!principal) throw new ApiError(HttpStatus.UNAUTHORIZED, 'the API key is unknown or revoked', [{ field: 'Authorization', reason: 'unknown or revoked key' }]);
    const rate = await this.rates.take(principal.keyId);
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('X-RateLimit-Limit', String(rate.limit));
    response.setHeader('X-RateLimit-Remaining', String(rate.remaining));
    if (!rate.allowed) {
      response.setHeader('Retry-After', String(rate.resetSeconds));
      const reason = `more than ${rate.limit} requests in ${this.rates.windowSeconds} s with this key; retry after ${rate.resetSeconds} s`;
      throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, `rate limit exceeded: ${reason}`, [{ field: 'Authorization', reason }]);
    }
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<ApiRole[] | undefined>(ALLOWED_ROLES, targets);
    if (allowed && principal.role !== 'ADMIN' && !allowed.includes(principal.role)) {
      throw new ApiError(HttpStatus.FORBIDDEN, `the ${principal.role} role may not do this`);
    }
    return true;
  }
}
