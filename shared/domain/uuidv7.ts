import { v7 } from 'uuid';

/**
 * Random bytes drawn from the platform's CSPRNG in blocks: `uuid` asks `crypto.getRandomValues`
 * for 16 bytes per id, and that call, not the id, is most of an id's cost (the server makes
 * a thousand ids for a batch of 500 sales).
 */
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let poolAt = POOL_BYTES;

function random16(): Uint8Array {
  if (poolAt + 16 > POOL_BYTES) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.subarray(poolAt - 16, poolAt);
}

/** This generator's last time and counter: `uuid`'s own sequence, kept here (see below). */
const last = { msecs: -Infinity, seq: 0 };

/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then a counter and random bits. Ids are generated
 * on the client so an operation keeps its identity across retries; the time prefix keeps B-tree
 * inserts local. One sequence per process (RFC 9562 §6.2 method 1, a 31-bit counter with a random
 * start): ids from one generator increase within a millisecond, and a clock that steps back does
 * not make them go back (the last time is reused, the counter goes on). This is the sequence
 * `uuid`'s v7 keeps when called without options; it is kept here because passing it our own
 * random bytes (options) makes `uuid` skip its own.
 *
 * @example uuidv7() // '019a4f5e-7c21-7a3b-9d10-6f2b8c0e4a11'
 */
export function uuidv7(): string {
  const random = random16();
  const now = Date.now();
  if (now > last.msecs) {
    last.msecs = now;
    last.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    last.seq = (last.seq + 1) | 0;
    // The counter ran out within one millisecond: borrow the next one, as `uuid` does.
    if (last.seq === 0) last.msecs++;
  }
  return v7({ random, msecs: last.msecs, seq: last.seq });
}

export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
