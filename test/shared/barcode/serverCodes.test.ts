import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ENROLMENT_CODE_LENGTH,
  formatLinkCode,
  formatLinkUrl,
  formatOrderQr,
  LINK_CODE_ALPHABET,
  linkCodeCheckChar,
  makeEnrolmentCode,
  makeLinkCode,
  normalizeLinkCode,
  parseEnrolmentCode,
  parseLinkCode,
  parseOrderQr,
} from '../../../shared/barcode';

describe('order QR', () => {
  it('formats and parses an order number with and without a pickup token', () => {
    expect(formatOrderQr('WEB-10042')).toBe('OMNI-O:WEB-10042');
    expect(formatOrderQr('WEB-10042', 'x7Kq9PzA')).toBe('OMNI-O:WEB-10042:x7Kq9PzA');
    expect(parseOrderQr('OMNI-O:WEB-10042')).toEqual({
      ok: true,
      orderNumber: 'WEB-10042',
      pickupToken: undefined,
    });
    expect(parseOrderQr('OMNI-O:WEB-10042:x7Kq9PzA')).toEqual({
      ok: true,
      orderNumber: 'WEB-10042',
      pickupToken: 'x7Kq9PzA',
    });
  });

  it('accepts the shortest and longest order numbers and tokens', () => {
    expect(parseOrderQr(`OMNI-O:A12:${'a'.repeat(6)}`).ok).toBe(true);
    expect(parseOrderQr(`OMNI-O:${'A'.repeat(32)}:${'Z'.repeat(32)}`).ok).toBe(true);
  });

  it('restores the case of an order number read under Caps Lock but never touches the token', () => {
    expect(parseOrderQr('omni-o:web-10042:X7kQ9pZa')).toEqual({
      ok: true,
      orderNumber: 'WEB-10042',
      pickupToken: 'X7kQ9pZa',
    });
  });

  it.each([
    'OMNI-O:',
    'OMNI-O:AB',
    'OMNI-O:-AB1',
    `OMNI-O:${'A'.repeat(33)}`,
    'OMNI-O:WEB_1',
    'OMNI-O:WEB-1:abcde',
    `OMNI-O:WEB-1:${'a'.repeat(33)}`,
    'OMNI-O:WEB-1:abc-def',
    'OMNI-O:WEB-1:abcdef:x',
    'OMNI-O:WEB-1:',
  ])('%j has the prefix but is not valid', (text) => {
    expect(parseOrderQr(text)).toEqual({ ok: false, reason: 'bad_order_qr' });
  });

  it('says when the text is not an order QR at all', () => {
    expect(parseOrderQr('OMNI-L:0000000000')).toEqual({ ok: false, reason: 'not_order_qr' });
    expect(parseOrderQr('4006381333931')).toEqual({ ok: false, reason: 'not_order_qr' });
  });

  it('refuses to issue codes outside the format', () => {
    expect(() => formatOrderQr('ab')).toThrow(RangeError);
    expect(() => formatOrderQr('WEB-1', 'short')).toThrow(RangeError);
  });
});

describe('link code check symbol (GF(32), x⁵ + x² + 1)', () => {
  // Worked by hand from the definition: symbol i of nine has weight α^(9−i).
  it.each([
    ['000000000', '0'], // all zero
    ['000000001', '2'], // 1·α¹ = 2
    ['000000010', '4'], // 1·α² = 4
    ['100000000', 'T'], // α⁹ = x⁴ + x³ + x = 26 → 'T'
  ])('%s → %s', (body, check) => {
    expect(linkCodeCheckChar(body)).toBe(check);
    expect(normalizeLinkCode(body + check)).toBe(body + check);
  });

  it('uses the Crockford alphabet', () => {
    expect(LINK_CODE_ALPHABET).toBe('0123456789ABCDEFGHJKMNPQRSTVWXYZ');
    expect(LINK_CODE_ALPHABET).toHaveLength(32);
  });
});

describe('link codes', () => {
  const code = makeLinkCode([0x1f, 0x00, 0x3a, 0x81, 0xff, 0x10, 0x22, 0x07, 0x99]);

  it('makes ten canonical symbols from random bytes', () => {
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(code.slice(0, 9)).toBe('Z0T1ZG27S'); // each byte mod 32: 31 0 26 1 31 16 2 7 25
    expect(() => makeLinkCode([1, 2, 3])).toThrow(RangeError);
  });

  it('reads case-blind, with I/L as 1, O as 0 and hyphens ignored (Crockford)', () => {
    expect(normalizeLinkCode(code.toLowerCase())).toBe(code);
    expect(normalizeLinkCode(`${code.slice(0, 5)}-${code.slice(5)}`)).toBe(code);
    expect(normalizeLinkCode('OOOOOOOOO0')).toBe('0000000000');
    expect(normalizeLinkCode('IIIIIIIII' + linkCodeCheckChar('111111111'))).toBe(
      '111111111' + linkCodeCheckChar('111111111'),
    );
    expect(normalizeLinkCode('lllllllll' + linkCodeCheckChar('111111111'))).toBe(
      '111111111' + linkCodeCheckChar('111111111'),
    );
  });

  it.each(['', '000000000', '00000000000', '000000000U', '00000 00000', '0000000001'])(
    '%j is not a code',
    (text) => {
      expect(normalizeLinkCode(text)).toBeUndefined();
    },
  );

  it('formats and parses both issued forms', () => {
    expect(formatLinkCode(code)).toBe(`OMNI-L:${code}`);
    expect(parseLinkCode(`OMNI-L:${code}`)).toEqual({ ok: true, code, form: 'prefixed' });
    expect(formatLinkUrl('https://shop.example:8443', code)).toBe(`https://shop.example:8443/l/${code}`);
    expect(parseLinkCode(`https://Shop.Example:8443/l/${code.toLowerCase()}`)).toEqual({
      ok: true,
      code,
      form: 'url',
      host: 'shop.example:8443',
    });
    expect(parseLinkCode(`https://shop.example/l/${code}/`)).toMatchObject({ ok: true, code });
  });

  it('tells a damaged code from something else', () => {
    expect(parseLinkCode('OMNI-L:0000000001')).toEqual({ ok: false, reason: 'bad_link_code' });
    expect(parseLinkCode('https://shop.example/l/0000000001')).toEqual({
      ok: false,
      reason: 'bad_link_code',
    });
    expect(parseLinkCode(`http://shop.example/l/${code}`)).toEqual({ ok: false, reason: 'not_link_code' });
    expect(parseLinkCode(`https://shop.example/x/${code}`)).toEqual({ ok: false, reason: 'not_link_code' });
    expect(parseLinkCode(`https://shop.example/l/${code}?utm=1`)).toEqual({
      ok: false,
      reason: 'not_link_code',
    });
  });

  it('refuses to issue invalid codes or non-https origins', () => {
    expect(() => formatLinkCode('0000000001')).toThrow(RangeError);
    expect(() => formatLinkUrl('http://shop.example', code)).toThrow(RangeError);
    expect(() => formatLinkUrl('https://shop.example/', code)).toThrow(RangeError);
  });
});

describe('enrolment codes', () => {
  const code = '7K3M-Q9ZA-4TPW-HX24';

  it('reads the code as HQ shows it, with or without its dashes, in either case', () => {
    expect(parseEnrolmentCode(code)).toBe(code);
    expect(parseEnrolmentCode('7K3MQ9ZA4TPWHX24')).toBe(code);
    expect(parseEnrolmentCode('7k3m-q9za-4tpw-hx24')).toBe(code);
    expect(parseEnrolmentCode('  7k3mq9za-4tpwhx24 ')).toBe(code);
  });

  it('reads the look-alike letters as Crockford base32 does', () => {
    const issued = makeEnrolmentCode([0, 1, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(issued.slice(0, 4)).toBe('0110');
    expect(parseEnrolmentCode(`OIL0${issued.slice(4)}`)).toBe(issued);
  });

  it('makes sixteen symbols in four groups from fifteen random bytes, each one it can read back', () => {
    for (let i = 0; i < 200; i++) {
      const issued = makeEnrolmentCode(randomBytes(15));
      expect(issued).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      expect(parseEnrolmentCode(issued)).toBe(issued);
    }
    expect(ENROLMENT_CODE_LENGTH).toBe(16);
  });

  it('catches a mistyped symbol and two swapped symbols with its check symbol', () => {
    const plain = code.replace(/-/g, '');
    for (let i = 0; i < plain.length; i++) {
      for (const symbol of LINK_CODE_ALPHABET) {
        if (symbol === plain[i]) continue;
        const typo = plain.slice(0, i) + symbol + plain.slice(i + 1);
        expect(parseEnrolmentCode(typo), typo).toBeUndefined();
      }
      if (i + 1 < plain.length && plain[i] !== plain[i + 1]) {
        const swapped = plain.slice(0, i) + plain[i + 1] + plain[i] + plain.slice(i + 2);
        expect(parseEnrolmentCode(swapped), swapped).toBeUndefined();
      }
    }
  });

  it('refuses anything else a till might scan, and the old eight-symbol codes', () => {
    for (const text of [
      '4601234567893',
      'K7QF-3MZP',
      'K7QF3MZP',
      '7K3M-Q9ZA-4TPW-HX2',
      '7K3M-Q9ZA-4TPW-HX244',
      '7K3-MQ9ZA-4TPW-HX24',
      '7K3M--Q9ZA-4TPW-HX24',
      '7K3M-Q9ZA-4TPW-HX2U',
      'OMNI-O:WEB-10042',
      '',
    ]) {
      expect(parseEnrolmentCode(text), text).toBeUndefined();
    }
  });
});
