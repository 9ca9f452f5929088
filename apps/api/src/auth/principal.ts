import type { ApiRole } from '@bridge/database';

/** Who is calling: resolved from the API key on every request. */
export interface Principal {
  keyId: string;
  role: ApiRole;
  /** Set for the PARTNER role only: the one partner whose data this key may see. */
  partnerId: string | null;
  /** Names the caller in audit entries. */
  actor: string;
}

/**
 * The partner scope a data-layer query must apply: a partner key sees only
 * its own partner; staff roles see all (null).
 */
export const partnerScopeOf = (principal: Principal): string | null =>
  principal.role === 'PARTNER' ? principal.partnerId : null;
