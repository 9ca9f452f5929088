import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { ApiRole } from '@bridge/database';
import { ApiError } from '../http/api-error';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators';
import { BearerKeyAuthenticator } from './bearer-key.authenticator';
import type { Principal } from './principal';

/**
 * Every route needs `Authorization: Bearer <api key>` unless marked @Public(),
 * and the key's role must be one the route allows. Under /v1 the key was
 * already checked before the body was read (authenticateBeforeBody); other
 * routes are checked here. A PARTNER key without a partner is refused 403 as
 * it authenticates (principalOfKey): it never reaches a route unscoped.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: BearerKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    request.principal ??= await this.authenticator.authenticate(
      request.headers.authorization,
      context.switchToHttp().getResponse<Response>(),
    );
    const principal = request.principal;
    const allowed = this.reflector.getAllAndOverride<ApiRole[] | undefined>(ALLOWED_ROLES, targets);
    if (allowed && principal.role !== 'ADMIN' && !allowed.includes(principal.role)) {
      throw new ApiError(HttpStatus.FORBIDDEN, `the ${principal.role} role may not do this`);
    }
    return true;
  }
}
