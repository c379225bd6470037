import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Db } from './db/connect';
import { applySecurityHeaders, guardTrpcRequest } from './security/httpGuard';
import { defaultSecuritySettings, type SecuritySettings } from './security/settings';
import { retryAfterHeaders } from './security/tooManyAttempts';
import { serveStatic } from './staticFiles';
import { createHttpContext } from './trpc/context';
import { appRouter } from './trpc/routers/app';

export const RENDERER_DIST = resolve(import.meta.dirname, '../dist/renderer');

export type HttpOptions = {
  db: Db;
  rendererDist?: string;
  hqOrigins?: string[];
  security?: SecuritySettings;
};

/** The one HTTP server: /trpc (devices and HQ), /healthz, and the HQ pages under /hq/. */
export function createHttpServer({
  db,
  rendererDist = RENDERER_DIST,
  hqOrigins = [],
  security = defaultSecuritySettings,
}: HttpOptions): Server {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: ({ req, res }) => createHttpContext(db, req, res, security),
    responseMeta: ({ errors }) => ({ headers: retryAfterHeaders(errors) }),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`trpc ${path ?? '?'}:`, error);
    },
  });

  return createServer((req, res) => {
    applySecurityHeaders(req, res, security);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/trpc/')) {
      const origin = req.headers.origin;
      // Tills call from their own origin (a file, an app:// page or the local store host) with a
      // bearer token and no cookies. Cookie-bearing HQ calls come same-origin or from HQ_ORIGINS.
      if (origin && hqOrigins.includes(origin)) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Access-Control-Allow-Credentials', 'true');
        res.setHeader('Vary', 'Origin');
      } else {
        res.setHeader('Access-Control-Allow-Origin', '*');
      }
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, trpc-accept');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Max-Age', '600');
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
      void guardTrpcRequest(req, res, { security, hqOrigins }).then((pass) => pass && trpc(req, res));
      return;
    }
    if (url.pathname === '/healthz') {
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ ok: true, db: db.dialect }));
      return;
    }
    if (url.pathname === '/' || url.pathname === '/hq') {
      res.writeHead(302, { Location: '/hq/' }).end();
      return;
    }
    if ((url.pathname.startsWith('/hq/') || url.pathname.startsWith('/assets/')) && req.method !== 'POST') {
      if (serveStatic(rendererDist, req, res, url.pathname)) return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'not_found' }));
  });
}
