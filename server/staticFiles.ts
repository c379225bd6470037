import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** `served` and `bad-request` have answered; `not-found` leaves the answer to the caller. */
export type StaticOutcome = 'served' | 'bad-request' | 'not-found';

/**
 * Serves files of one built folder; the server (HQ pages) and the browser-mode store host both
 * use it. Paths are resolved inside the root only; a directory means its index.html. Hashed
 * assets are cached for a year, everything else is revalidated, so a new build shows at the next
 * load. A path that is not valid percent-encoding is the client's error: 400, not a crash.
 */
export function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  urlPath: string,
): StaticOutcome {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('bad path encoding\n');
    return 'bad-request';
  }
  const base = resolve(root);
  let path = normalize(join(base, decoded));
  if (path !== base && !path.startsWith(base + sep)) return 'not-found';
  try {
    if (statSync(path).isDirectory()) path = join(path, 'index.html');
    const stat = statSync(path);
    if (!stat.isFile()) return 'not-found';
    res.writeHead(200, {
      'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': path.startsWith(join(base, 'assets') + sep)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(path).pipe(res);
    return 'served';
  } catch {
    // Missing, unreadable, or a name the file system refuses (a NUL byte): not ours to serve.
    return 'not-found';
  }
}
