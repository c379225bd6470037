import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { MAX_BATCH_CALLS, MAX_PUSH_CALLS_PER_REQUEST, MAX_REQUEST_BODY_BYTES } from '../shared/domain/limits';
import type { Db } from './db/connect';
import { declaredBodyTooLarge, guardRequests, refuse, requestUrl } from './httpBoundary';
import { applySecurityHeaders, guardTrpcRequest } from './security/httpGuard';
import { defaultSecuritySettings, type SecuritySettings } from './security/settings';
import { retryAfterHeaders } from './security/tooManyAttempts';
import { handleIngest, INGEST_PATH } from './ingest/receive';
import { ACCEPTED_REQUEST_ENCODING, inflateRequestBody } from './requestEncoding';
import { handleSnapshotPart, SNAPSHOT_PART_PATH } from './sync/snapshotHttp';
import { serveStatic } from './staticFiles';
import { serveSdk } from './web/sdkScript';
import { handleWebRequest, isWebPath } from './web/webEndpoints';
import { createHttpContext } from './trpc/context';
import { appRouter } from './trpc/routers/app';

// Set by the production build (tools/build.ts): the bundle runs from dist/server, beside
// dist/renderer; from source (tests, the launcher) this file is in server/.
declare const OMNITILL_BUNDLED: boolean | undefined;
const bundled = typeof OMNITILL_BUNDLED !== 'undefined' && OMNITILL_BUNDLED;

export const RENDERER_DIST = resolve(import.meta.dirname, bundled ? '../renderer' : '../dist/renderer');
/** The shops' script, built by tools/build.ts beside the pages. */
export const SDK_FILE = resolve(import.meta.dirname, bundled ? '../sdk/sdk.js' : '../dist/sdk/sdk.js');

export type HttpOptions = {
  db: Db;
  rendererDist?: string;
  sdkFile?: string;
  hqOrigins?: string[];
  security?: SecuritySettings;
  /** Called after a webhook delivery is stored, to wake the ingestion worker at once. */
  onWebhookStored?: () => void;
};

/**
 * The one HTTP server: /trpc (devices and HQ), /sync/snapshot (snapshot parts for new tills), /ingest (web-shop webhooks), the shops' script
 * /sdk.js and its endpoints under /web/, /healthz, and the HQ pages under /hq/.
 */
export function createHttpServer({
  db,
  rendererDist = RENDERER_DIST,
  sdkFile = SDK_FILE,
  hqOrigins = [],
  security = defaultSecuritySettings,
  onWebhookStored,
}: HttpOptions): Server {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    // Internal errors are logged, with the id their answer carries, by the error formatter.
    // Bodies sent without a length are counted as they stream in (413 past the limit).
    maxBodySize: MAX_REQUEST_BODY_BYTES,
    maxBatchSize: MAX_BATCH_CALLS,
    createContext: ({ req, res }) => createHttpContext(db, req, res, security),
    responseMeta: ({ errors }) => ({ headers: retryAfterHeaders(errors) }),
  });

  // Whatever a handler throws is answered 500 with an error id, never a crash or a driver's text.
  return createServer(guardRequests('server', handle));

  function handle(req: IncomingMessage, res: ServerResponse): void | Promise<void> {
    applySecurityHeaders(req, res, security);
    const url = requestUrl(req);
    if (url === null) {
      refuse(res, 400, 'bad request target');
      return;
    }
    if (declaredBodyTooLarge(req, MAX_REQUEST_BODY_BYTES)) {
      refuse(res, 413, `request body larger than ${MAX_REQUEST_BODY_BYTES} bytes`, true);
      return;
    }
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
      res.setHeader(
        'Access-Control-Allow-Headers',
        'authorization, content-type, content-encoding, trpc-accept',
      );
      // Tills read it to learn they may compress their pushes (server/requestEncoding.ts).
      res.setHeader('Accept-Encoding', ACCEPTED_REQUEST_ENCODING);
      res.setHeader('Access-Control-Expose-Headers', 'Accept-Encoding');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Max-Age', '600');
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
      // One push per request: a batch of pushes would carry more than one push's operations.
      const pushes = url.pathname
        .slice('/trpc/'.length)
        .split(',')
        .filter((p) => p === 'sync.push');
      if (pushes.length > MAX_PUSH_CALLS_PER_REQUEST) {
        refuse(res, 400, `at most ${MAX_PUSH_CALLS_PER_REQUEST} sync.push per request`);
        return;
      }
      return guardTrpcRequest(req, res, { security, hqOrigins })
        .then((pass) => pass && inflateRequestBody(req, res, MAX_REQUEST_BODY_BYTES))
        .then((pass) => {
          if (pass) trpc(req, res);
        });
    }
    const snapshotPart = SNAPSHOT_PART_PATH.exec(url.pathname);
    if (snapshotPart) return handleSnapshotPart(db, req, res, snapshotPart);
    if (isWebPath(url.pathname)) return handleWebRequest(db, security, req, res, url.pathname);
    if (url.pathname === '/sdk.js' && (req.method === 'GET' || req.method === 'HEAD')) {
      serveSdk(sdkFile, req, res);
      return;
    }
    const ingest = INGEST_PATH.exec(url.pathname);
    if (ingest) {
      // Its own, smaller body limit (shared/domain/limits.ts), checked inside.
      return handleIngest(db, req, res, ingest, {
        security,
        ...(onWebhookStored ? { onStored: onWebhookStored } : {}),
      });
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
      if (serveStatic(rendererDist, req, res, url.pathname) !== 'not-found') return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'not_found' }));
  }
}
