import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IdentifyBody } from './webSchemas';

/** How far a signature's time may be from the server's, either way. */
export const IDENTIFY_SIGNATURE_WINDOW_S = 600;

/**
 * The text a shop signs to vouch for an identify (docs/web-sdk.md §3.2): the time in Unix seconds,
 * the connection, the visitor id and the three identifiers, joined by dots, absent ones empty. The
 * visitor id is part of it, so a signature copied out of one visitor's page does not vouch for
 * another's; the time bounds how long a copied one works at all.
 *
 * @example identifySigningText(1767225600, 'demo-generic', { visitorId: 'v', email: 'a@b.ru' })
 * // '1767225600.demo-generic.v..a@b.ru.'
 */
export function identifySigningText(
  ts: number,
  connectionId: string,
  body: Pick<IdentifyBody, 'visitorId' | 'shopAccountId' | 'email' | 'phone'>,
): string {
  return [
    ts,
    connectionId,
    body.visitorId,
    body.shopAccountId ?? '',
    body.email ?? '',
    body.phone ?? '',
  ].join('.');
}

/** `v1=<hex>`: what the shop's server sends with an identify it vouches for. */
export function signIdentify(
  secret: string,
  ts: number,
  connectionId: string,
  body: Pick<IdentifyBody, 'visitorId' | 'shopAccountId' | 'email' | 'phone'>,
): string {
  return `v1=${createHmac('sha256', secret)
    .update(identifySigningText(ts, connectionId, body))
    .digest('hex')}`;
}

export type SignatureCheck = 'unsigned' | 'verified' | 'bad_signature' | 'stale_signature';

/**
 * Whether the identify carries a valid signature by one of the connection's secrets (two during a
 * rotation). Compared in constant time on equal-length buffers.
 */
export function checkIdentifySignature(
  body: IdentifyBody,
  connectionId: string,
  secrets: readonly string[],
  now = new Date(),
): SignatureCheck {
  const signature = body.signature;
  if (!signature) return 'unsigned';
  if (Math.abs(now.getTime() / 1000 - signature.ts) > IDENTIFY_SIGNATURE_WINDOW_S) return 'stale_signature';
  const given = Buffer.from(signature.sig, 'utf8');
  for (const secret of secrets) {
    const expected = Buffer.from(signIdentify(secret, signature.ts, connectionId, body), 'utf8');
    if (expected.length === given.length && timingSafeEqual(expected, given)) return 'verified';
  }
  return 'bad_signature';
}
