/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Ids are generated on the client
 * so an operation keeps its identity across retries; the time prefix keeps B-tree inserts local.
 * Within one millisecond a counter in the random field keeps ids from one generator increasing,
 * and a clock that steps back does not make ids go back (the last time is reused).
 *
 * @example uuidv7() // '019a4f5e-7c21-7a3b-9d10-6f2b8c0e4a11'
 */
let lastMs = -1;
let counter = 0;

export function uuidv7(now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let ms = Math.max(now, lastMs);
  if (ms === lastMs) {
    counter = (counter + 1) & 0xfff;
    // The 12-bit counter wrapped inside one millisecond: borrow the next millisecond.
    if (counter === 0) ms += 1;
  } else {
    counter = bytes[6]! & 0x07; // random start, leaves room to count up
  }
  lastMs = ms;
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | ((counter >>> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
