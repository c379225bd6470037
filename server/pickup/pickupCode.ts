import { randomBytes, randomInt, scrypt } from 'node:crypto';
import type { PinHash } from '../../shared/domain/pinHash';

/**
 * The pickup code a customer says at the desk: 6 digits, drawn by the server when a store's part
 * of an order becomes ready, sent to the shop in the `pickup.ready` webhook (the shop emails it)
 * and kept only as a salted scrypt hash, which desks check offline with `verifyPin`
 * (shared/domain/pinHash.ts) in the same format as cashier PINs.
 *
 * N = 4096 (4 MB) rather than the PIN's 16384: a desk must check a code within 100 ms on modest
 * hardware in pure JavaScript; measured by `npm run bench -- webhookIngest`. Six digits are
 * a million values, so the hash slows an offline guess to hours, not years; the code is a check at
 * a staffed desk, not a password, and it is valid only at its own store and only until collected.
 */
export const PICKUP_CODE_SCRYPT = { N: 4096, r: 8, p: 1 } as const;

/** Six random digits, leading zeros kept. */
export function newPickupCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The token in the order QR (`OMNI-O:<orderNumber>:<token>`): 128 random bits, base64url. */
export function newQrToken(): string {
  return randomBytes(16).toString('base64url');
}

/** The code as desks verify it; Node's native scrypt, byte-identical to @noble/hashes'. */
export async function hashPickupCode(code: string, salt = randomBytes(16)): Promise<PinHash> {
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(code, salt, 32, { ...PICKUP_CODE_SCRYPT, maxmem: 64 * 1024 * 1024 }, (error, derived) =>
      error ? reject(error) : resolve(derived),
    ),
  );
  return { scheme: 'scrypt', ...PICKUP_CODE_SCRYPT, salt: salt.toString('hex'), hash: key.toString('hex') };
}
