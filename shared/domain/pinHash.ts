import { scryptAsync } from '@noble/hashes/scrypt.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';

/** A cashier's PIN: 4 to 8 digits, typed on the till's keypad. */
export const pinSchema = z.string().regex(/^\d{4,8}$/, '4 to 8 digits');

/**
 * How a PIN is kept: scrypt with its own salt and parameters, never the PIN itself. The server
 * hashes, the till verifies offline. Both run this one implementation (@noble/hashes, already used
 * for payload hashes, audited, pure JS): WebCrypto has no scrypt, Node's `crypto.scrypt` does not
 * exist in the browser, and one function on both sides cannot disagree.
 *
 * A 4–8 digit PIN has at most 10^8 values, so the hash slows guessing down rather than stopping
 * it; the till's lockout and the store's physical control of the till are the rest of the defence.
 */
export const pinHashSchema = z.object({
  scheme: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(1024)
    .max(1 << 20),
  r: z.number().int().min(1).max(16),
  p: z.number().int().min(1).max(4),
  /** Hex, 16 random bytes. */
  salt: z.string().regex(/^[0-9a-f]{32,128}$/),
  /** Hex, 32 bytes. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type PinHash = z.infer<typeof pinHashSchema>;

/** As the server's passwords (server/auth/secrets.ts): about 16 MB and a tenth of a second. */
export const PIN_SCRYPT = { N: 16384, r: 8, p: 1 } as const;

/**
 * Hashes a PIN with the given salt (random bytes the caller draws).
 *
 * @example await hashPin('1234', crypto.getRandomValues(new Uint8Array(16)))
 */
export async function hashPin(pin: string, salt: Uint8Array): Promise<PinHash> {
  const key = await scryptAsync(pin, salt, { ...PIN_SCRYPT, dkLen: 32 });
  return { scheme: 'scrypt', ...PIN_SCRYPT, salt: bytesToHex(salt), hash: bytesToHex(key) };
}

/**
 * Whether a typed PIN matches a stored hash; compared without an early exit.
 *
 * @example await verifyPin('1234', stored) // true or false, never throws on a bad record
 */
export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  if (!pinSchema.safeParse(pin).success) return false;
  const key = await scryptAsync(pin, hexToBytes(stored.salt), {
    N: stored.N,
    r: stored.r,
    p: stored.p,
    dkLen: 32,
  });
  const expected = hexToBytes(stored.hash);
  let diff = key.length ^ expected.length;
  for (let i = 0; i < Math.min(key.length, expected.length); i++) diff |= (key[i] ?? 0) ^ (expected[i] ?? 0);
  return diff === 0;
}
