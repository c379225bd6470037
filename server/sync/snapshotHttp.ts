import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { Db } from '../db/connect';
import { checkDeviceToken } from '../devices/deviceToken';
import { refuse } from '../httpBoundary';
import { snapshotById } from './snapshots';

/** `GET /sync/snapshot/<snapshot id>/<part index>` (docs/sync-protocol.md §17). */
export const SNAPSHOT_PART_PATH = /^\/sync\/snapshot\/([0-9a-f-]{36})\/(\d{1,6})$/;

/**
 * Serves one part of a snapshot the device's store was given by `sync.snapshot`, as a till
 * authenticates everywhere: its bearer token. The body never changes, so it is cacheable for a
 * year (`immutable`) and carries an ETag; it goes gzip-compressed to any client that accepts it.
 * A snapshot this server no longer holds is `410 Gone`: the till asks for a new one.
 */
export async function handleSnapshotPart(
  db: Db,
  req: IncomingMessage,
  res: ServerResponse,
  match: RegExpExecArray,
): Promise<void> {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Headers', 'authorization');
  res.setHeader('Access-Control-Allow-Methods', 'GET, OPTIONS');
  res.setHeader('Access-Control-Max-Age', '600');
  if (req.method === 'OPTIONS') {
    res.writeHead(204).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'GET only');
  const auth = req.headers.authorization ?? '';
  const token = auth.startsWith('Bearer otd_') ? auth.slice(7).trim() : null;
  const check = token === null ? null : await checkDeviceToken(db, token);
  if (check === null || !check.ok) {
    const why =
      check?.ok === false && check.reason === 'revoked'
        ? 'this till was disconnected by HQ'
        : 'a valid device token is required';
    return refuse(res, 401, why);
  }
  const snapshot = snapshotById(db, match[1]!);
  if (snapshot === undefined) return refuse(res, 410, 'snapshot_gone');
  if (snapshot.storeId !== check.device.storeId)
    return refuse(res, 403, "a device can read only its own store's data");
  const body = snapshot.gzipped[Number(match[2])];
  if (body === undefined) return refuse(res, 404, 'no such part');
  const etag = `"${match[1]}-${match[2]}"`;
  const headers = {
    'Content-Type': 'application/x-ndjson; charset=utf-8',
    'Cache-Control': 'private, max-age=31536000, immutable',
    ETag: etag,
    Vary: 'Accept-Encoding',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const bytes = acceptsGzip ? body : gunzipSync(body);
  res.writeHead(200, {
    ...headers,
    ...(acceptsGzip ? { 'Content-Encoding': 'gzip' } : {}),
    'Content-Length': String(bytes.length),
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
