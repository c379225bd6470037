import { createHmac, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS } from '../../shared/domain/limits';

/**
 * Webhook signatures, checked over the exact bytes received and before anything parses them
 * (docs/webshop-ingestion.md §2): a re-serialised body differs from the signed one.
 */

/** base64(HMAC-SHA256(secret, body)): Shopify's `X-Shopify-Hmac-Sha256`, WooCommerce's `X-WC-Webhook-Signature`. */
export function bodySignature(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** `v1=` + hex(HMAC-SHA256(secret, timestamp + "." + body)): our generic format, both ways. */
export function genericSignature(secret: string, timestamp: string, body: Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `v1=${mac.digest('hex')}`;
}

/**
 * Compares a received signature with the expected one in time that does not depend on where
 * they differ. Unequal lengths are compared against themselves first, so a short guess takes as
 * long as a full one; `timingSafeEqual` itself needs equal lengths.
 */
export function signaturesMatch(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** Whether any of the connection's secrets (the current one, and the previous during rotation) signed it. */
export function anySecretMatches(
  secrets: readonly string[],
  received: string,
  expected: (secret: string) => string,
): boolean {
  let matched = false;
  // Every secret is tried, so the answer's time does not say which one matched.
  for (const secret of secrets) if (signaturesMatch(received, expected(secret))) matched = true;
  return matched;
}

export type TimestampCheck = { ok: true } | { ok: false; reason: string };

/** A generic webhook's timestamp: unix seconds, within the tolerance of the server's clock. */
export function checkTimestamp(value: string | undefined, nowMs: number): TimestampCheck {
  if (value === undefined || !/^\d{1,12}$/.test(value)) {
    return { ok: false, reason: 'X-OmniTill-Timestamp: unix seconds required' };
  }
  const skew = Math.abs(nowMs / 1000 - Number(value));
  if (skew > WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS) {
    return {
      ok: false,
      reason: `X-OmniTill-Timestamp: more than ${WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS} s from the server's clock`,
    };
  }
  return { ok: true };
}
