import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE } from '../auth/sessions';

/**
 * The HQ session cookie. Over TLS it is `__Host-` prefixed and `Secure`: the browser then keeps it
 * only from a secure origin, for this host alone, with `Path=/`, so neither plain HTTP nor a
 * sibling subdomain can plant or read it. Always `HttpOnly` (no script reads it) and
 * `SameSite=Strict`: HQ is opened directly, never through links from other sites that must arrive
 * signed in, so Lax would buy nothing. No Expires: the browser forgets it when closed, while the
 * server enforces the idle and absolute timeouts (server/auth/sessions.ts).
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

export function readSessionCookie(req: IncomingMessage, secure: boolean): string | null {
  const name = sessionCookieName(secure);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return null;
    }
  }
  return null;
}

/** The `Set-Cookie` value that stores a new session id, or clears it when `token` is null. */
export function sessionCookieHeader(token: string | null, secure: boolean): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  const value = token === null ? ['Max-Age=0'] : [];
  return [`${sessionCookieName(secure)}=${token ?? ''}`, ...attributes, ...value].join('; ');
}
