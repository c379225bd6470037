import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/connect';
import { checkDeviceToken } from '../devices/deviceToken';
import type { AuthenticatedDevice } from '../devices/enrolment';
import { SESSION_COOKIE, userBySession, type HqUser } from '../auth/sessions';

export type Context = {
  db: Db;
  device: AuthenticatedDevice | null;
  /** Why a bearer token did not authenticate: a revoked till is told so. */
  deviceRefusal: 'unknown' | 'revoked' | null;
  hqUser: HqUser | null;
  sessionToken: string | null;
  /** Sets or clears the HQ session cookie; absent in caller-based tests. */
  setSessionCookie: (token: string | null, expiresAt?: string) => void;
};

/** The context without HTTP, for tests through the caller. */
export function createContextInner(opts: {
  db: Db;
  device?: AuthenticatedDevice | null;
  deviceRefusal?: Context['deviceRefusal'];
  hqUser?: HqUser | null;
  sessionToken?: string | null;
  setSessionCookie?: Context['setSessionCookie'];
}): Context {
  return {
    db: opts.db,
    device: opts.device ?? null,
    deviceRefusal: opts.deviceRefusal ?? null,
    hqUser: opts.hqUser ?? null,
    sessionToken: opts.sessionToken ?? null,
    setSessionCookie: opts.setSessionCookie ?? (() => undefined),
  };
}

function cookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** Devices authenticate with a bearer token; HQ users with an HttpOnly session cookie. */
export async function createHttpContext(db: Db, req: IncomingMessage, res: ServerResponse): Promise<Context> {
  const auth = req.headers.authorization ?? '';
  const bearer = auth.startsWith('Bearer ') ? auth.slice(7).trim() : null;
  const check = bearer?.startsWith('otd_') ? await checkDeviceToken(db, bearer) : null;
  const sessionToken = cookie(req, SESSION_COOKIE);
  const hqUser = sessionToken ? await userBySession(db, sessionToken) : null;
  return createContextInner({
    db,
    device: check?.ok ? check.device : null,
    deviceRefusal: check && !check.ok ? check.reason : null,
    hqUser,
    sessionToken,
    setSessionCookie: (token, expiresAt) => {
      // SameSite=Strict: the cookie never rides on another site's request, so HQ actions cannot
      // be forged cross-site even though /trpc answers devices from any origin.
      const base = `${SESSION_COOKIE}=${token ?? ''}; Path=/; HttpOnly; SameSite=Strict`;
      res.setHeader(
        'Set-Cookie',
        token ? `${base}; Expires=${new Date(expiresAt ?? Date.now()).toUTCString()}` : `${base}; Max-Age=0`,
      );
    },
  });
}
