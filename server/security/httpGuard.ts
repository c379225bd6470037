import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIsTls } from './clientAddress';
import { sessionCookieName } from './sessionCookie';
import type { SecuritySettings } from './settings';

/**
 * What every answer carries, and what a state-changing request must show before it reaches a
 * procedure. Follows the OWASP HTTP Headers and CSRF Prevention cheat sheets; the reasons for each
 * choice are in docs/operations.md §9.2.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets the security headers on any answer: HQ pages, their assets, API answers, errors. */
export function applySecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  settings: SecuritySettings,
): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  if (settings.secureCookies || requestIsTls(req, settings)) {
    res.setHeader('Strict-Transport-Security', 'max-age=31536000');
  }
  // API answers hold HQ data and session changes: no shared or browser cache keeps them.
  if (req.url?.startsWith('/trpc/')) res.setHeader('Cache-Control', 'no-store');
}

/** The largest HQ request body read here (HQ inputs are a few fields; pushes do not pass here). */
const HQ_BODY_LIMIT = 64 * 1024;

export type TrpcGuardOptions = { security: SecuritySettings; hqOrigins: readonly string[] };

/**
 * Lets a /trpc request through, or answers it. A POST (every tRPC mutation) must be JSON: a form
 * or `text/plain` body, which a page on any site can send without asking, is refused with 415. An
 * HQ call (an `hq.*` procedure, or any call carrying the session cookie) that changes state must
 * also come from HQ's own origin (403 otherwise) and have a body that parses (400 otherwise).
 */
export async function guardTrpcRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: TrpcGuardOptions,
): Promise<boolean> {
  if (req.method !== 'POST') return true;
  const hqCall = isHqCall(req);
  if (hqCall && !fromAllowedOrigin(req, options)) {
    refuse(res, 403, 'FORBIDDEN', 'HQ changes are accepted only from HQ’s own pages');
    return false;
  }
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    refuse(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json');
    return false;
  }
  if (!hqCall) return true;
  const read = await readBody(req, HQ_BODY_LIMIT);
  if (read === 'too_large') {
    refuse(res, 413, 'PAYLOAD_TOO_LARGE', 'Request body too large');
    return false;
  }
  if (read === 'aborted') return false;
  const body = read.text;
  if (body.trim() !== '' && !isJson(body)) {
    refuse(res, 400, 'PARSE_ERROR', 'The request body is not valid JSON');
    return false;
  }
  // tRPC's adapter takes a body already read from `req.body` instead of the drained stream.
  (req as IncomingMessage & { body?: string }).body = body.trim() === '' ? undefined : body;
  return true;
}

function isHqCall(req: IncomingMessage): boolean {
  const path = (req.url ?? '').split('?')[0]?.slice('/trpc/'.length) ?? '';
  if (path.split(',').some((p) => p.startsWith('hq.'))) return true;
  const cookies = (req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')[0]);
  return cookies.includes(sessionCookieName(false)) || cookies.includes(sessionCookieName(true));
}

/**
 * The Origin header, else Sec-Fetch-Site, else the Referer, must name HQ's origin (its own
 * scheme and Host, PUBLIC_URL, or one of HQ_ORIGINS). A browser sends at least one of them on
 * every cross-origin POST, so a request with none is not a browser's and carries no victim's
 * cookie; it is let through like any API client.
 */
function fromAllowedOrigin(req: IncomingMessage, { security, hqOrigins }: TrpcGuardOptions): boolean {
  const scheme = security.secureCookies || requestIsTls(req, security) ? 'https' : 'http';
  const allowed = new Set([...hqOrigins, ...(security.publicOrigin ? [security.publicOrigin] : [])]);
  if (req.headers.host) allowed.add(`${scheme}://${req.headers.host}`);
  const origin = req.headers.origin;
  if (origin !== undefined) return allowed.has(origin);
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const referer = req.headers.referer;
  if (referer !== undefined) return URL.canParse(referer) && allowed.has(new URL(referer).origin);
  return true;
}

type BodyRead = { text: string } | 'too_large' | 'aborted';

function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8') }));
    req.once('error', () => resolve('aborted'));
    req.once('aborted', () => resolve('aborted'));
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const JSON_RPC_CODES = {
  PARSE_ERROR: -32700,
  FORBIDDEN: -32003,
  PAYLOAD_TOO_LARGE: -32013,
  UNSUPPORTED_MEDIA_TYPE: -32015,
} as const;

/** An error in tRPC's own shape, so the HQ client shows the message like any other. */
function refuse(
  res: ServerResponse,
  status: number,
  code: keyof typeof JSON_RPC_CODES,
  message: string,
): void {
  if (res.headersSent) return;
  res
    .writeHead(status, { 'Content-Type': 'application/json', Connection: 'close' })
    .end(
      JSON.stringify({ error: { message, code: JSON_RPC_CODES[code], data: { code, httpStatus: status } } }),
    );
}
