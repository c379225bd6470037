import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { makeEnrolmentCode, parseEnrolmentCode } from '../../shared/barcode/serverCodes';

/** Secrets are stored only as hashes; a leaked table gives no usable token or code. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** A one-time enrolment code such as `7K3M-Q9ZA-4TPW-HX24` (75 random bits and a check symbol). */
export function newEnrolmentCode(): string {
  return makeEnrolmentCode(randomBytes(15));
}

/**
 * The canonical form of what a person typed or scanned (case, dashes, spaces, O/I/L look-alikes),
 * hashed to find the code; null when it cannot be a code the server issued.
 */
export function normalizeEnrolmentCode(input: string): string | null {
  return parseEnrolmentCode(input) ?? null;
}

const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32 } as const;

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
