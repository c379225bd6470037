import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export type StoreHost = { url: string; server: Server; close(): Promise<void> };

export type StoreHostOptions = {
  rendererDist: string;
  port: number;
  host?: string;
  /** Extra local routes (the scanner bridge); returns true when it served the request. */
  handle?: (req: IncomingMessage, res: ServerResponse) => boolean;
};

/**
 * Where Electron cannot run, this stands in for the app's local files: it serves the built store
 * app from this machine, so the till loads and works while the sync server is down. It is a
 * separate process from the server on purpose — stopping the server must not take the till away.
 */
export async function startStoreHost({
  rendererDist,
  port,
  host = '127.0.0.1',
  handle,
}: StoreHostOptions): Promise<StoreHost> {
  const root = resolve(rendererDist);
  const server = createServer((req, res) => {
    if (handle?.(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (path !== root && !path.startsWith(root + sep)) return void res.writeHead(403).end();
    try {
      if (statSync(path).isDirectory()) path = join(path, 'index.html');
      const size = statSync(path).size;
      res.writeHead(200, {
        'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
        'Content-Length': size,
        'Cache-Control': 'no-cache',
      });
      createReadStream(path).pipe(res);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actual}`,
    server,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
