import { Injectable } from '@nestjs/common';
import { ApiKeyService } from '../auth/api-key.service';
import type { Principal } from '../auth/principal';

/** The cookie that carries a signed-in person's API key to the dashboard and Bull Board. */
export const SESSION_COOKIE = 'mpb_session';

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Browsers cannot send `Authorization: Bearer` on a page load, so the
 * dashboard keeps the API key a person signed in with in an HttpOnly,
 * SameSite=Strict cookie and resolves it exactly like the API does: the same
 * keys, roles and partner scope, revocation effective at the next page.
 */
@Injectable()
export class DashboardSession {
  constructor(private readonly keys: ApiKeyService) {}

  /** The caller from a Bearer header (scripts, Prometheus) or the session cookie (browsers). */
  async principalOf(request: RequestLike): Promise<Principal | null> {
    const key = bearerKey(request) ?? cookieValue(request, SESSION_COOKIE);
    return key ? this.keys.authenticate(key) : null;
  }

  authenticate(key: string): Promise<Principal | null> {
    return this.keys.authenticate(key);
  }
}

function bearerKey(request: RequestLike): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match ? match[1] : null;
}

export function cookieValue(request: RequestLike, name: string): string | null {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** Set-Cookie for a session; Secure when the page came over HTTPS (directly or through a proxy). */
export function sessionCookie(key: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(key)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200${secure ? '; Secure' : ''}`;
}

export const clearedSessionCookie = () => `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
