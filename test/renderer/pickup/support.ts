import { scryptAsync } from '@noble/hashes/scrypt.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { PinHash } from '../../../shared/domain/pinHash';
import type { PickupOrderRow } from '../../../shared/domain/pickup';
import { phoneLookupKey } from '../../../shared/sync/protocol';
import { uuidv7 } from '../../../shared/domain/uuidv7';

/** A pickup code hashed as the server stores it: scrypt, 16 random bytes of salt, N = 4096. */
export async function codeHash(code: string): Promise<PinHash> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const params = { N: 4096, r: 8, p: 1 } as const;
  const key = await scryptAsync(code, salt, { ...params, dkLen: 32 });
  return { scheme: 'scrypt', ...params, salt: bytesToHex(salt), hash: bytesToHex(key) };
}

export const CUSTOMER_PHONE = '+79161234567';
// EAN-13 in the chain's 299 card range with a valid check digit.
export const CUSTOMER_CARD = '2990000000019';

/** A ready order of two lines (two mugs and a kettle), paid online, held until tomorrow. */
export function pickupOrder(overrides: Partial<PickupOrderRow> = {}): PickupOrderRow {
  return {
    id: uuidv7(),
    orderNumber: 'WEB-10042',
    storeId: uuidv7(),
    status: 'ready',
    revision: 3,
    currency: 'RUB',
    totalMinor: 2 * 45_000 + 189_000,
    payment: 'paid',
    customer: {
      maskedName: 'Anna S.',
      phoneKey: phoneLookupKey(CUSTOMER_PHONE),
      phoneTail: '4567',
      cardNumbers: [CUSTOMER_CARD],
    },
    pickupCodeHash: null,
    qrToken: 'x7Kq9PzA',
    lines: [
      {
        lineId: 'l1',
        name: 'Mug',
        gtin: '4601234567893',
        quantity: 2,
        collectedQuantity: 0,
        unitPriceMinor: 45_000,
        totalMinor: 90_000,
      },
      {
        lineId: 'l2',
        name: 'Kettle',
        quantity: 1,
        collectedQuantity: 0,
        unitPriceMinor: 189_000,
        totalMinor: 189_000,
      },
    ],
    placedAt: '2026-11-29T10:00:00.000Z',
    readyAt: '2026-11-30T08:00:00.000Z',
    holdUntil: new Date(Date.now() + 86_400_000).toISOString(),
    ...overrides,
  };
}
