/** The cookie that carries a signed-in person's session id (never the API key) to the dashboard and Bull Board. */
export const SESSION_COOKIE = 'mpb_session';
/** Before sign-in: the token the sign-in form must echo (double submit), so another site cannot sign a browser in. */
export const SIGN_IN_CSRF_COOKIE = 'mpb_sign_in_csrf';

export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
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

/** HttpOnly, SameSite=Strict; Secure whenever `secure` (always in production: see DashboardSession.secureCookies). */
export function cookie(name: string, value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

export const clearedCookie = (name: string, secure: boolean) => cookie(name, '', 0, secure);
