import type { OpenAPIObject } from '@nestjs/swagger';
import { API_ROLES } from './auth.decorators';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** How the document states who may call what, for its description. */
export const ROLES_IN_THE_DOCUMENT =
  'Every operation lists in `x-roles` the roles of the API keys it accepts (ADMIN always), or is marked `x-public` when it needs no key ' +
  "(the signposts at `/`, health, metrics, and the marketplace webhooks, which prove their sender their own way). A PARTNER key sees only its own partner's things.";

/**
 * Completes `x-roles`: an operation with no @Roles of its own or of its
 * controller takes a key of any role, and the document says so rather than
 * leaving the reader to guess. Called on the generated document.
 */
export function withEveryRoleStated(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method] as (Record<string, unknown> & object) | undefined;
      if (operation && !operation['x-public'] && !operation['x-roles']) operation['x-roles'] = [...API_ROLES];
    }
  }
  return document;
}
