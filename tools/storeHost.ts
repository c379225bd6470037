import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localUrl } from '../server/env';
import { guardServer, refuse, requestUrl } from '../server/httpBoundary';
import { serveStatic } from '../server/staticFiles';

export type StoreHost = { url: string; server: Server; close(): Promise<void> };

export type StoreHostOptions = {
  rendererDist: string;
  port: number;
  host?: string;
  /** The sync server this machine runs; the store app asks for it at `/local/config`. */
  serverUrl?: string;
  /** Extra local routes (the scanner bridge); returns true when it served the request. */
  handle?: (req: IncomingMessage, res: ServerResponse) => boolean;
};

/**
 * Where Electron cannot run, this stands in for the app's local files: it serves the built store
 * app from this machine, so the till loads and works while the sync server is down. It runs in
 * the launcher's process, not the server's, on purpose: stopping the server must not take the
 * till away.
 */
export async function startStoreHost({
  rendererDist,
  port,
  host = '127.0.0.1',
  serverUrl,
  handle,
}: StoreHostOptions): Promise<StoreHost> {
  const server = createServer((req, res) => {
    const url = requestUrl(req);
    if (url === null) {
      refuse(res, 400, 'bad request target');
      return;
    }
    if (handle?.(req, res)) return;
    if (url.pathname === '/local/config' && serverUrl !== undefined) {
      res
        .writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
        .end(JSON.stringify({ serverUrl }));
      return;
    }
    if (serveStatic(rendererDist, req, res, url.pathname) === 'not-found') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    }
  });
  // A bad request, or a bug in a handler, answers that one request and never ends the till's host.
  guardServer('store host', server);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: localUrl(host, actual),
    server,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
