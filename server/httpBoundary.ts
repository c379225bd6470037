import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { answerInternalError } from './errors/internalError';

/**
 * The edge every request crosses, shared by the server, the browser-mode store host and the
 * scanner bridge: nothing a client sends may stop the process that serves it. A request the
 * handler cannot make sense of is the client's error (4xx); a handler that throws is our bug,
 * answered 500 with a generic message and logged, and the process keeps serving everyone else.
 */

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * The request's path and query as a URL, or null when the request target cannot be one (`//`,
 * `//[`, a bare `*`): `new URL` throws on those, and a throw in a request listener ends the process.
 *
 * @example requestUrl(req) // for `GET /hq/?a=1`: URL { pathname: '/hq/', search: '?a=1' }
 */
export function requestUrl(req: IncomingMessage): URL | null {
  const target = req.url ?? '/';
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://localhost');
  } catch {
    return null;
  }
}

/** Whether the path is valid percent-encoding (`/%` and `/%E0%A4%A` are not). */
export function decodablePath(url: URL): boolean {
  try {
    decodeURIComponent(url.pathname);
    return true;
  } catch {
    return false;
  }
}

/** A plain-text refusal; `Connection: close` when the request body is left unread. */
export function refuse(res: ServerResponse, status: number, message: string, close = false): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(`${message}\n`);
}

/**
 * Whether the declared body is larger than `limit`, so it can be answered 413 before a byte of it
 * is read. A body sent without a length (chunked) is counted as it is read by whoever reads it.
 */
export function declaredBodyTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = req.headers['content-length'];
  return declared !== undefined && Number(declared) > limit;
}

/**
 * Wraps a request listener so that a throw, or a rejected promise, inside it is logged and
 * answered 500 (or the connection dropped when the answer had begun) instead of ending the process.
 */
export function guardRequests(
  name: string,
  handler: RequestHandler,
): (req: IncomingMessage, res: ServerResponse) => void {
  // Answered 500 with an error id, never the error's own text; the detail is logged under the id.
  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown): void =>
    answerInternalError(res, `${name}: ${req.method ?? '?'} ${(req.url ?? '').split('?')[0] ?? ''}`, error);
  return (req, res) => {
    try {
      const pending = handler(req, res);
      if (pending) pending.catch((error: unknown) => fail(req, res, error));
    } catch (error) {
      fail(req, res, error);
    }
  };
}

/**
 * Puts every request listener of a server behind `guardRequests`, so a server written as
 * `createServer((req, res) => …)` gets the same protection without rewrapping its handler.
 */
export function guardServer<S extends Server>(name: string, server: S): S {
  const listeners = server.listeners('request') as RequestHandler[];
  server.removeAllListeners('request');
  for (const listener of listeners) server.on('request', guardRequests(name, listener));
  return server;
}
