import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_WEBHOOK_BODY_BYTES } from '../../shared/domain/limits';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Db } from '../db/connect';
import { declaredBodyTooLarge, refuse } from '../httpBoundary';
import { logger } from '../log';
import { admitAttempt, lockedOutFor } from '../security/attemptLimiter';
import { addressKey, clientAddress } from '../security/clientAddress';
import type { SecuritySettings } from '../security/settings';
import { findConnection, PLATFORMS, type Platform } from '../webshop/connections';
import { adapterFor } from './adapters';

/**
 * `POST /ingest/<platform>/<connection id>`: the webhook edge (docs/webshop-ingestion.md §3). In
 * order: the size limit, the connection, the signature over the exact bytes received, then JSON;
 * only then is the delivery stored, once per dedupe key, and answered `200` at once. Mapping and
 * applying it is the worker's job, so a shop never waits for it.
 *
 * | answer | when |
 * | 200 | stored, or a repeat of a stored delivery, or WooCommerce's activation ping |
 * | 400 | signed, but not JSON, or a required header missing: nothing stored |
 * | 401 | signature (or generic timestamp) wrong: nothing stored |
 * | 403 | the connection is disabled at HQ: nothing stored |
 * | 404 | no such connection for this platform |
 * | 405 | not a POST |
 * | 413 | body over MAX_WEBHOOK_BODY_BYTES |
 * | 429 | too many bad signatures from this address for this connection |
 */
export const INGEST_PATH = /^\/ingest\/([a-z]+)\/([a-z0-9][a-z0-9-]{1,62})\/?$/;

export type IngestOptions = { security: SecuritySettings; onStored?: () => void };

export async function handleIngest(
  db: Db,
  req: IncomingMessage,
  res: ServerResponse,
  match: RegExpExecArray,
  options: IngestOptions,
): Promise<void> {
  const [, platformText = '', connectionId = ''] = match;
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    refuse(res, 405, 'webhooks are POSTed', true);
    return;
  }
  if (declaredBodyTooLarge(req, MAX_WEBHOOK_BODY_BYTES)) {
    refuse(res, 413, `webhook body larger than ${MAX_WEBHOOK_BODY_BYTES} bytes`, true);
    return;
  }
  const platform = (PLATFORMS as readonly string[]).includes(platformText)
    ? (platformText as Platform)
    : null;
  const connection = platform ? await findConnection(db.kysely, connectionId) : null;
  if (!platform || !connection || connection.platform !== platform) {
    refuse(res, 404, 'no such web-shop connection', true);
    return;
  }
  if (connection.disabledAt !== null) {
    refuse(res, 403, 'this web-shop connection is disabled', true);
    return;
  }
  const body = await readBody(req, MAX_WEBHOOK_BODY_BYTES);
  if (body === 'too_large') {
    refuse(res, 413, `webhook body larger than ${MAX_WEBHOOK_BODY_BYTES} bytes`, true);
    return;
  }
  if (platform === 'woocommerce' && isWooCommercePing(req, body)) {
    answer(res, 200, { ok: true, ping: true });
    return;
  }

  const limiterKey = `${connection.id}|${addressKey(clientAddress(req, options.security))}`;
  const locked = await lockedOutFor(db, 'webhook_signature', limiterKey);
  if (locked !== null) {
    res.setHeader('Retry-After', String(locked));
    refuse(res, 429, 'too many webhooks with a wrong signature; try again later');
    return;
  }
  const adapter = adapterFor(platform);
  const signed = adapter.verify(req.headers, body, connection.secrets, Date.now());
  if (!signed.ok) {
    await admitAttempt(db, 'webhook_signature', limiterKey);
    // The body is not logged: it is unauthenticated and may hold personal data.
    logger.warn({ connection: connection.id, bytes: body.length }, `ingest: refused, ${signed.message}`);
    refuse(res, 401, signed.message);
    return;
  }

  const text = strictUtf8(body);
  let json: unknown;
  try {
    if (text === null) throw new Error('not UTF-8');
    json = JSON.parse(text);
  } catch {
    refuse(res, 400, 'the body is not JSON');
    return;
  }
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const read = adapter.envelope(req.headers, json, bodyHash);
  if (!read.ok) {
    refuse(res, read.status, read.message);
    return;
  }
  const { envelope } = read;
  const inserted = await db.kysely
    .insertInto('ingest_inbox')
    .values({
      id: uuidv7(),
      connection_id: connection.id,
      platform,
      topic: envelope.topic,
      dedupe_key: envelope.dedupeKey,
      delivery_id: envelope.deliveryId,
      triggered_at: envelope.triggeredAt,
      body: text ?? '',
      received_at: new Date().toISOString(),
      status: 'pending',
      order_id: null,
      error: null,
      processed_at: null,
    })
    .onConflict((oc) => oc.columns(['connection_id', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  const stored = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  if (stored) options.onStored?.();
  answer(res, 200, { ok: true, duplicate: !stored });
}

/**
 * WooCommerce pings a webhook's URL when it is saved as active: a form body `webhook_id=N`, no
 * signature, no topic. It is answered 200 (or WooCommerce will not activate the webhook) and
 * creates nothing.
 */
function isWooCommercePing(req: IncomingMessage, body: Buffer): boolean {
  if (req.headers['x-wc-webhook-signature'] !== undefined || req.headers['x-wc-webhook-topic'] !== undefined)
    return false;
  return body.length < 100 && /^webhook_id=\d+$/.test(body.toString('latin1').trim());
}

/** The body as text, or null when it is not valid UTF-8 or holds NUL (no text column can keep it). */
function strictUtf8(body: Buffer): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return text.includes('\u0000') ? null : text;
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.once('error', reject);
  });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}
