import { describe, expect, it } from 'vitest';
import { formatOrderQr, parseOrderQr } from '../../../shared/barcode/serverCodes';
import { newQrToken } from '../../../server/pickup/pickupCode';

describe('order QR tokens', () => {
  it('are read back by the desk from the QR the shop shows, and differ each time', () => {
    const tokens = Array.from({ length: 200 }, () => newQrToken());
    for (const token of tokens) {
      expect(parseOrderQr(formatOrderQr('WEB-10042', token))).toEqual({
        ok: true,
        orderNumber: 'WEB-10042',
        pickupToken: token,
      });
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
