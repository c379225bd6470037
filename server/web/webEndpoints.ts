import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import {
  MAX_WEB_BODY_BYTES,
  MAX_WEB_REQUESTS_PER_ADDRESS_MINUTE,
  MAX_WEB_REQUESTS_PER_VISITOR_MINUTE,
} from '../../shared/domain/limits';
import { parseJsonText } from '../../shared/validation';
import type { Db } from '../db/connect';
import { addressKey, clientAddress } from '../security/clientAddress';
import type { SecuritySettings } from '../security/settings';
import { countRequest } from './rateWindows';
import { readBodyLimited } from './readBody';
import { redeemLinkCode } from './redeemLinkCode';
import { allowOrigin, answerPreflight, checkOrigin } from './webCors';
import { webConnection } from './webConnections';
import { recordEvents, recordIdentify } from './webEvents';
import { eventsBodySchema, identifyBodySchema, linkBodySchema } from './webSchemas';

const ROUTE = /^\/web\/v1\/([A-Za-z0-9_-]{1,64})\/(identify|events|link)$/;

export const isWebPath = (pathname: string): boolean => pathname.startsWith('/web/');

/**
 * `/web/v1/<connection>/identify|events|link`: what `/sdk.js` calls from a shop's pages
 * (docs/web-sdk.md §3). Checked in this order, so a refused request writes nothing: the route and
 * connection (404), the Origin (403), the preflight, the address's rate (429), the body's size
 * (413) and shape (400), the visitor's rate (429). Answers are JSON and never cached.
 */
export async function handleWebRequest(
  db: Db,
  security: SecuritySettings,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  const route = ROUTE.exec(pathname);
  const connection = route ? await webConnection(db, route[1] ?? '') : null;
  if (!route || !connection) return answer(res, 404, { error: 'not_found' });
  const origin = checkOrigin(req, connection.allowedOrigins);
  if (origin === 'denied') return answer(res, 403, { error: 'origin_not_allowed' });
  if (req.method === 'OPTIONS') return answerPreflight(req, res);
  allowOrigin(req, res);
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST, OPTIONS');
    return answer(res, 405, { error: 'method_not_allowed' });
  }
  const address = clientAddress(req, security);
  const byAddress = await countRequest(
    db,
    `addr:${addressKey(address)}`,
    MAX_WEB_REQUESTS_PER_ADDRESS_MINUTE,
  );
  if (!byAddress.ok) return tooMany(res, byAddress.retryAfterSeconds);
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'text/plain') {
    return answer(res, 415, { error: 'unsupported_media_type', message: 'send JSON' });
  }
  const body = await readBodyLimited(req, MAX_WEB_BODY_BYTES);
  if (!body.ok) {
    if (body.reason === 'too_large') res.setHeader('Connection', 'close');
    return answer(res, 413, { error: 'too_large', message: `at most ${MAX_WEB_BODY_BYTES} bytes` });
  }
  const action = route[2] as 'identify' | 'events' | 'link';
  switch (action) {
    case 'identify':
      return parsed(res, identifyBodySchema, body.text, async (input) => {
        if (!(await visitorWithinRate(db, res, input.visitorId))) return;
        const outcome = await recordIdentify(db, connection, input);
        if (!outcome.ok) return answer(res, 401, { error: outcome.reason });
        return answer(res, 200, { ok: true, verified: outcome.verified });
      });
    case 'events':
      return parsed(res, eventsBodySchema, body.text, async (input) => {
        if (!(await visitorWithinRate(db, res, input.visitorId))) return;
        const outcome = await recordEvents(db, connection, input);
        return answer(res, 200, { ok: true, stored: outcome.stored });
      });
    case 'link':
      return parsed(res, linkBodySchema, body.text, async (input) => {
        if (!(await visitorWithinRate(db, res, input.visitorId))) return;
        return answerLink(res, await redeemLinkCode(db, connection, { ...input, address }));
      });
  }
}

function answerLink(res: ServerResponse, outcome: Awaited<ReturnType<typeof redeemLinkCode>>): void {
  if (outcome.ok) return answer(res, 200, { ok: true, again: outcome.again, receipt: outcome.receipt });
  switch (outcome.reason) {
    case 'too_many_attempts':
      return tooMany(res, outcome.retryAfterSeconds);
    case 'bad_code':
      return answer(res, 400, { ok: false, error: 'bad_code' });
    case 'unknown_code':
    case 'expired':
    case 'already_redeemed':
    case 'no_card':
      return answer(res, 422, { ok: false, error: outcome.reason });
  }
}

async function visitorWithinRate(db: Db, res: ServerResponse, visitorId: string): Promise<boolean> {
  const check = await countRequest(db, `visitor:${visitorId}`, MAX_WEB_REQUESTS_PER_VISITOR_MINUTE);
  if (!check.ok) tooMany(res, check.retryAfterSeconds);
  return check.ok;
}

async function parsed<S extends z.ZodType>(
  res: ServerResponse,
  schema: S,
  text: string,
  then: (value: z.output<S>) => Promise<void>,
): Promise<void> {
  const result = parseJsonText(schema, text);
  if (!result.ok)
    return answer(res, 400, { error: 'invalid_body', message: result.error, issues: result.issues });
  return then(result.value);
}

function tooMany(res: ServerResponse, retryAfterSeconds: number): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  answer(res, 429, { error: 'too_many_requests', retryAfterSeconds });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
