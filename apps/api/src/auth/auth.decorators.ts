import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { ApiRole } from '@bridge/database';
import type { Principal } from './principal';

export const PUBLIC_ROUTE = Symbol('PUBLIC_ROUTE');
export const ALLOWED_ROLES = Symbol('ALLOWED_ROLES');

/** No API key needed (health, docs, marketplace webhooks with their own checks). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Roles allowed on a route; admin is always allowed. */
export const Roles = (...roles: ApiRole[]) => SetMetadata(ALLOWED_ROLES, roles);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest<{ principal: Principal }>().principal,
);
