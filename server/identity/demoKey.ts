import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The suppression key of a server started without `IDENTITY_HMAC_KEY` (the demo): generated once
 * into the data folder, readable by its owner only, and read back on every start, since a new key
 * would stop matching the suppression entries already written.
 */
export function demoIdentityKey(dataDir: string): string {
  const file = join(dataDir, 'identity-hmac.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
