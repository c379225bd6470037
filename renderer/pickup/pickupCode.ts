import { scryptAsync } from '@noble/hashes/scrypt.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import type { PinHash } from '../../shared/domain/pinHash';

/**
 * A pickup code as the customer reads it out: spaces and hyphens dropped (the message may group
 * it as `482 913`), letters upper-cased. Empty when nothing is left or it holds anything else.
 *
 * @example normalizePickupCode(' 482-913 ') // '482913'
 */
export function normalizePickupCode(typed: string): string {
  const code = typed.replace(/[\s-]/g, '').toUpperCase();
  return /^[0-9A-Z]{4,16}$/.test(code) ? code : '';
}

/**
 * Whether a typed pickup code matches the order's stored scrypt hash, checked offline. The derived
 * key is compared whole, without an early exit, so the time taken says nothing about how much of a
 * guess was right; the attempt limit at the desk does the rest (docs/operations.md §16).
 */
export async function verifyPickupCode(typed: string, stored: PinHash): Promise<boolean> {
  const code = normalizePickupCode(typed);
  if (code === '') return false;
  const key = await scryptAsync(code, hexToBytes(stored.salt), {
    N: stored.N,
    r: stored.r,
    p: stored.p,
    dkLen: 32,
  });
  const expected = hexToBytes(stored.hash);
  let diff = key.length ^ expected.length;
  for (let i = 0; i < Math.max(key.length, expected.length); i++) diff |= (key[i] ?? 0) ^ (expected[i] ?? 0);
  return diff === 0;
}
