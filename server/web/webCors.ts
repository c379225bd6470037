import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Cross-origin rules of the web endpoints (docs/web-sdk.md §4): a shop's page may call them only
 * from one of its connection's configured origins. The browser enforces what these headers say
 * for reading answers; the server refuses a disallowed Origin itself before anything is written,
 * because a `text/plain` POST reaches the server without a preflight.
 */
export type OriginCheck = 'allowed' | 'no_origin' | 'denied';

export function checkOrigin(req: IncomingMessage, allowedOrigins: readonly string[]): OriginCheck {
  const origin = req.headers.origin;
  if (origin === undefined) return 'no_origin';
  return allowedOrigins.includes(origin) ? 'allowed' : 'denied';
}

/** Headers that let the allowed origin read the answer; never `*`, never credentials. */
export function allowOrigin(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (origin !== undefined) res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
}

/** The answer to a preflight from an allowed origin: POST with a JSON or text body, cached 10 min. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  allowOrigin(req, res);
  res.setHeader('Access-Control-Allow-Methods', 'POST');
  res.setHeader('Access-Control-Allow-Headers', 'content-type');
  res.setHeader('Access-Control-Max-Age', '600');
  res.writeHead(204).end();
}
