import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Synchronous SHA-256 over a UTF-8 string, hex output. The till must hash an operation's payload
 * inside its Dexie transaction, where awaiting `crypto.subtle` would let the transaction commit
 * early; @noble/hashes computes it synchronously (audited, no dependencies), and the server checks
 * it with node:crypto.
 *
 * @example sha256Hex('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
