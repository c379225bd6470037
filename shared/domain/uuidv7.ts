import { v7 } from 'uuid';

/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then a counter and random bits. Ids are generated
 * on the client so an operation keeps its identity across retries; the time prefix keeps B-tree
 * inserts local. `uuid`'s v7, called without options, keeps one sequence per process (RFC 9562
 * §6.2 method 1, a 31-bit counter with a random start): ids from one generator increase within a
 * millisecond, and a clock that steps back does not make them go back (the last time is reused).
 *
 * @example uuidv7() // '019a4f5e-7c21-7a3b-9d10-6f2b8c0e4a11'
 */
export function uuidv7(): string {
  // No options on purpose: passing `msecs` or `seq` would bypass the monotonic sequence.
  return v7();
}

export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
