import { HttpStatus } from '@nestjs/common';
import type { ApiRole } from '@bridge/database';
import { ApiError } from '../http/api-error';

interface Caller {
  keyId: string;
  /** Names the caller in audit entries. */
  actor: string;
}

/**
 * Who is calling: resolved from the API key on every request. A PARTNER
 * principal always has its partner: the one partner whose data it may see.
 */
export type Principal =
  | (Caller & { role: Exclude<ApiRole, 'PARTNER'>; partnerId: string | null })
  | (Caller & { role: 'PARTNER'; partnerId: string });

/** A stored API key, as much of it as makes a principal. */
export interface KeyOfPrincipal {
  id: string;
  name: string;
  prefix: string;
  role: ApiRole;
  partnerId: string | null;
}

/**
 * The caller a key authenticates. A PARTNER key without a partner is refused
 * outright (403), never turned into a principal: its scope would be null, and
 * null is the scope of staff, who see every partner. The database refuses
 * such a key too (CHECK api_key_partner_key_has_partner); this holds even
 * where a row got past it.
 */
export function principalOfKey(key: KeyOfPrincipal): Principal {
  const caller = { keyId: key.id, actor: `api-key:${key.prefix}…(${key.name})` };
  if (key.role !== 'PARTNER') return { ...caller, role: key.role, partnerId: key.partnerId };
  if (!key.partnerId) throw unscopedPartnerKey();
  return { ...caller, role: 'PARTNER', partnerId: key.partnerId };
}

/**
 * The partner scope a data-layer query must apply: a partner key sees only
 * its own partner; staff roles see all (null). A partner principal without a
 * partner fails closed here as well, so no path can widen it to "all".
 */
export function partnerScopeOf(principal: Principal): string | null {
  if (principal.role !== 'PARTNER') return null;
  if (!principal.partnerId) throw unscopedPartnerKey();
  return principal.partnerId;
}

const unscopedPartnerKey = () =>
  new ApiError(HttpStatus.FORBIDDEN, 'this PARTNER key names no partner, so it may see nothing', [
    { field: 'Authorization', reason: 'a PARTNER key must name its partner: revoke this one and issue one with partnerId' },
  ]);
