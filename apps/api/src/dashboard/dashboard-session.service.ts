import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@bridge/config';
import { hashKey } from '../auth/api-key.service';
import { SecretMatcher } from '../auth/secret-matcher';
import { KeyAttempts, clientAddress, type KeyCheck } from '../auth/key-attempts';
import { principalOfKey, type Principal } from '../auth/principal';
import { DashboardSessionRepository } from './dashboard-session.repository';
import { cookieValue, SESSION_COOKIE, type RequestLike } from './session-cookies';

type AddressedRequest = RequestLike & { ip?: string; socket?: { remoteAddress?: string } };

/** Who a dashboard request is from; csrfToken is the session's, for its forms (null for a Bearer caller, who posts none). */
export interface SignedIn {
  principal: Principal;
  csrfToken: string | null;
}

/**
 * Browsers cannot send `Authorization: Bearer` on a page load, so a sign-in
 * makes a server-side session: the cookie holds a random id, the database its
 * hash, the key it acts for, an expiry and a CSRF token for the session's
 * forms. Each request resolves it like the API resolves a key (same roles and
 * partner scope), so revoking the key, signing out or expiry end it at once.
 */
@Injectable()
export class DashboardSession {
  constructor(
    private readonly sessions: DashboardSessionRepository,
    private readonly attempts: KeyAttempts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get maxAgeSeconds(): number {
    return this.config.DASHBOARD_SESSION_HOURS * 3600;
  }

  /** Production cookies are always Secure (TLS ends at a proxy there); elsewhere when the request itself came over HTTPS. */
  secureCookies(request: { secure?: boolean }): boolean {
    return this.config.NODE_ENV === 'production' || request.secure === true;
  }

  /** The caller from a Bearer header (scripts) or the session cookie (browsers). */
  async signedInOf(request: AddressedRequest): Promise<SignedIn | null> {
    const bearer = bearerKey(request);
    if (bearer) {
      const checked = await this.attempts.check(bearer, clientAddress(request));
      return checked.outcome === 'ok' ? { principal: checked.principal, csrfToken: null } : null;
    }
    const id = cookieValue(request, SESSION_COOKIE);
    const live = id ? await this.sessions.findLive(hashKey(id), new Date()) : null;
    return live ? { principal: principalOfKey(live.apiKey), csrfToken: live.csrfToken } : null;
  }

  async principalOf(request: AddressedRequest): Promise<Principal | null> {
    return (await this.signedInOf(request))?.principal ?? null;
  }

  /** Checks the key (throttled per address) and, when it is live, starts a session: the returned id goes in the cookie. */
  async signIn(key: string, request: AddressedRequest): Promise<KeyCheck & { sessionId?: string }> {
    const address = clientAddress(request);
    // Looked up afresh: the session stores the key's id.
    const checked = await this.attempts.check(key, address, { fresh: true });
    if (checked.outcome !== 'ok') return checked;
    const now = new Date();
    const sessionId = randomToken();
    await this.sessions.deleteStale(now);
    await this.sessions.create({
      tokenHash: hashKey(sessionId),
      apiKeyId: checked.principal.keyId,
      csrfToken: randomToken(),
      clientAddress: address,
      expiresAt: new Date(now.getTime() + this.maxAgeSeconds * 1000),
    });
    return { ...checked, sessionId };
  }

  /**
   * Ends the cookie's session when the form carries its CSRF token ('ended');
   * 'refused' (nothing changed) when it does not; 'none' without a live session.
   */
  async signOut(request: RequestLike, csrfToken: string): Promise<'ended' | 'refused' | 'none'> {
    const id = cookieValue(request, SESSION_COOKIE);
    const live = id ? await this.sessions.findLive(hashKey(id), new Date()) : null;
    if (!id || !live) return 'none';
    if (!new SecretMatcher(live.csrfToken).matches(csrfToken)) return 'refused';
    await this.sessions.revoke(hashKey(id), new Date());
    return 'ended';
  }
}

export const randomToken = () => randomBytes(32).toString('base64url');

function bearerKey(request: RequestLike): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match ? match[1] : null;
}
