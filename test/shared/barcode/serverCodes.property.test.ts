import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatLinkCode,
  formatLinkUrl,
  formatOrderQr,
  LINK_CODE_ALPHABET,
  makeLinkCode,
  normalizeLinkCode,
  parseLinkCode,
  parseOrderQr,
} from '../../../shared/barcode';

const linkCode = fc.uint8Array({ minLength: 9, maxLength: 9 }).map((bytes) => makeLinkCode(bytes));

describe('link codes (property)', () => {
  it('format ∘ parse round-trips in both issued forms', () => {
    fc.assert(
      fc.property(linkCode, (code) => {
        expect(parseLinkCode(formatLinkCode(code))).toEqual({ ok: true, code, form: 'prefixed' });
        expect(parseLinkCode(formatLinkUrl('https://shop.example', code))).toEqual({
          ok: true,
          code,
          form: 'url',
          host: 'shop.example',
        });
      }),
    );
  });

  it('detects any single changed symbol', () => {
    fc.assert(
      fc.property(
        linkCode,
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 31 }),
        (code, at, shift) => {
          const symbol = LINK_CODE_ALPHABET.indexOf(code.charAt(at));
          const replaced = LINK_CODE_ALPHABET.charAt((symbol + shift) % 32);
          const damaged = code.slice(0, at) + replaced + code.slice(at + 1);
          expect(normalizeLinkCode(damaged)).toBeUndefined();
          expect(parseLinkCode(`OMNI-L:${damaged}`)).toEqual({ ok: false, reason: 'bad_link_code' });
        },
      ),
    );
  });

  it('detects any swap of two different symbols', () => {
    fc.assert(
      fc.property(linkCode, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), (code, i, j) => {
        fc.pre(code.charAt(i) !== code.charAt(j));
        const chars = [...code];
        [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
        expect(normalizeLinkCode(chars.join(''))).toBeUndefined();
      }),
    );
  });

  it('reads the same code whatever the case', () => {
    fc.assert(fc.property(linkCode, (code) => normalizeLinkCode(code.toLowerCase()) === code));
  });
});

describe('order QR (property)', () => {
  const orderNumber = fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{2,31}$/);
  const pickupToken = fc.stringMatching(/^[A-Za-z0-9]{6,32}$/);

  it('format ∘ parse round-trips', () => {
    fc.assert(
      fc.property(orderNumber, fc.option(pickupToken, { nil: undefined }), (number, token) => {
        expect(parseOrderQr(formatOrderQr(number, token))).toEqual({
          ok: true,
          orderNumber: number,
          pickupToken: token,
        });
      }),
    );
  });
});
