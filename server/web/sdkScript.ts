import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The script as built (tools/build.ts `sdk`), read once; null while it has not been built. */
type Built = { body: Buffer; etag: string };
const cache = new Map<string, Built | null>();

function load(path: string): Built | null {
  if (!cache.has(path)) {
    try {
      const body = readFileSync(path);
      cache.set(path, {
        body,
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      });
    } catch {
      // Not built yet: asked again next time, so a build made meanwhile is picked up.
      return null;
    }
  }
  return cache.get(path) ?? null;
}

/**
 * `GET /sdk.js` for the shops' pages (docs/web-sdk.md §2). The URL has no version in it, so the
 * script is cached for an hour and then revalidated by its ETag: a new release reaches every shop
 * within the hour without the shop changing its snippet. Any site may load it.
 */
export function serveSdk(path: string, req: IncomingMessage, res: ServerResponse): void {
  const built = load(path);
  if (!built) {
    res
      .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '60' })
      .end('the web script is not built: run `npm run build`\n');
    return;
  }
  const headers = {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Cache-Control': 'public, max-age=3600',
    ETag: built.etag,
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
  if (req.headers['if-none-match'] === built.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': built.body.length });
  res.end(req.method === 'HEAD' ? undefined : built.body);
}
