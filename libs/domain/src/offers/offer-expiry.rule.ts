/**
 * An offer live in the marketplace (published, or being published) can no
 * longer be accepted once its expiry has passed: it is shown as EXPIRED from
 * that instant, read from the clock, without anyone having to expire it.
 * An accepted offer stays accepted; a draft was never live.
 */
export const LIVE_OFFER_STATES = ['PUBLISHING', 'PUBLISHED'] as const;

export function shownOfferState<S extends string>(state: S, expiresAt: Date | null, now: Date): S | 'EXPIRED' {
  const live = (LIVE_OFFER_STATES as readonly string[]).includes(state);
  return live && expiresAt !== null && expiresAt <= now ? 'EXPIRED' : state;
}
