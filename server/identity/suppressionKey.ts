import { createHmac, randomBytes } from 'node:crypto';

/**
 * The server secret erased values are hashed with (HMAC-SHA-256), so a suppression entry matches
 * a replayed value without the table revealing it: a plain hash of a phone number is reversed by
 * trying every number (docs/identity.md §7). Set once at start-up from `IDENTITY_HMAC_KEY`
 * (server/env.ts); a process that never set it (a test, a one-off tool) uses a random key of its
 * own, which suppresses within that process only.
 */
let key: Buffer = randomBytes(32);

export function setSuppressionKey(secret: string): void {
  key = Buffer.from(secret, 'utf8');
}

/** The suppression entry of a normalized value. */
export function suppressionHash(type: string, value: string): string {
  return createHmac('sha256', key).update(`${type}\u0000${value}`).digest('hex');
}
