import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { ApiRole } from '@bridge/database';
import type { Principal } from './principal';

/** Every role an API key can have. */
export const API_ROLES = ['ADMIN', 'ALLIANCE', 'FINANCE', 'PARTNER', 'READ_ONLY'] as const satisfies readonly ApiRole[];

export const PUBLIC_ROUTE = Symbol('PUBLIC_ROUTE');
export const ALLOWED_ROLES = Symbol('ALLOWED_ROLES');

/** No API key needed (health, docs, marketplace webhooks with their own checks); the OpenAPI document marks it `x-public`. */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension('x-public', true));

/**
 * Roles allowed on a route; admin is always allowed. The OpenAPI document
 * lists them as the operation's `x-roles` (a method's own @Roles wins over its
 * controller's, in the document as in the guard).
 */
export const Roles = (...roles: ApiRole[]) =>
  applyDecorators(SetMetadata(ALLOWED_ROLES, roles), ApiExtension('x-roles', ['ADMIN', ...roles.filter((r) => r !== 'ADMIN')]));

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest<{ principal: Principal }>().principal,
);
