import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/connect';
import { checkDeviceToken } from '../devices/deviceToken';
import type { AuthenticatedDevice } from '../devices/enrolment';
import { userBySession, type HqUser } from '../auth/sessions';
import { clientAddress, requestIsTls } from '../security/clientAddress';
import { readSessionCookie, sessionCookieHeader } from '../security/sessionCookie';
import { defaultSecuritySettings, type SecuritySettings } from '../security/settings';

export type Context = {
  db: Db;
  device: AuthenticatedDevice | null;
  hqUser: HqUser | null;
  sessionToken: string | null;
  /** Why a bearer token did not authenticate: a revoked till is told so. */
  deviceRefusal: 'unknown' | 'revoked' | null;
  /** The client's address, counted against when guessing (server/security/clientAddress.ts). */
  clientAddress: string;
  /** Sets or clears the HQ session cookie; absent in caller-based tests. */
  setSessionCookie: (token: string | null, expiresAt?: string) => void;
};

/** The context without HTTP, for tests through the caller. */
export function createContextInner(opts: {
  db: Db;
  device?: AuthenticatedDevice | null;
  hqUser?: HqUser | null;
  sessionToken?: string | null;
  deviceRefusal?: Context['deviceRefusal'];
  clientAddress?: string;
  setSessionCookie?: Context['setSessionCookie'];
}): Context {
  return {
    db: opts.db,
    device: opts.device ?? null,
    hqUser: opts.hqUser ?? null,
    sessionToken: opts.sessionToken ?? null,
    deviceRefusal: opts.deviceRefusal ?? null,
    clientAddress: opts.clientAddress ?? 'caller',
    setSessionCookie: opts.setSessionCookie ?? (() => undefined),
  };
}

/** Devices authenticate with a bearer token; HQ users with an HttpOnly session cookie. */
export async function createHttpContext(
  db: Db,
  req: IncomingMessage,
  res: ServerResponse,
  security: SecuritySettings = defaultSecuritySettings,
): Promise<Context> {
  const auth = req.headers.authorization ?? '';
  const bearer = auth.startsWith('Bearer ') ? auth.slice(7).trim() : null;
  const check = bearer?.startsWith('otd_') ? await checkDeviceToken(db, bearer) : null;
  const secure = security.secureCookies || requestIsTls(req, security);
  const sessionToken = readSessionCookie(req, secure);
  const hqUser = sessionToken ? await userBySession(db, sessionToken) : null;
  return createContextInner({
    db,
    device: check?.ok ? check.device : null,
    deviceRefusal: check && !check.ok ? check.reason : null,
    hqUser,
    sessionToken,
    clientAddress: clientAddress(req, security),
    setSessionCookie: (token) => res.setHeader('Set-Cookie', sessionCookieHeader(token, secure)),
  });
}
