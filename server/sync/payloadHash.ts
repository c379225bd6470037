import { hash } from 'node:crypto';
import { canonicalJson } from '../../shared/domain/canonicalJson';

/**
 * The same digest as `payloadHash` in shared/sync/protocol.ts (SHA-256 of the canonical JSON),
 * computed with node:crypto: the till needs a synchronous hash it can run inside a Dexie
 * transaction, the server needs a fast one on the push path.
 */
export function serverPayloadHash(payload: unknown, canonical = canonicalJson(payload)): string {
  // One-shot `hash` (Node 20.12): about 40 % less than a `createHash` object per payload.
  return hash('sha256', canonical, 'hex');
}
