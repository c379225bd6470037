import { describe, expect, it } from 'vitest';
import {
  gs1CheckDigit,
  hasValidGs1CheckDigit,
  isValidLuhn,
  luhnCheckDigit,
  priceCheckDigit,
} from '../../../shared/barcode';

describe('GS1 mod-10 check digit (GS1 General Specifications §7.9.1)', () => {
  // Public vectors: Wikipedia's EAN-13 and ISBN-13 examples, the UPC-A "tissues" example, and the
  // GS1 barcode engine's EAN-8 / UPC-A / GTIN-14 / EAN-13 vectors (docs/scanners.md §6.1).
  it.each([
    ['4006381333931', 'EAN-13'],
    ['9780306406157', 'ISBN-13 as EAN-13'],
    ['036000291452', 'UPC-A'],
    ['02345673', 'EAN-8'],
    ['416000336108', 'UPC-A'],
    ['12312312312333', 'GTIN-14'],
    ['2112345678900', 'EAN-13 in-store'],
    ['7501031311309', 'python-stdnum EAN-13'],
    ['4601234567893', 'synthetic Russian-range EAN-13 (docs/scanners.md §8.1)'],
    ['376123450000010008', 'SSCC-18'],
  ])('%s (%s) is valid', (code) => {
    expect(hasValidGs1CheckDigit(code)).toBe(true);
    expect(gs1CheckDigit(code.slice(0, -1))).toBe(Number(code.slice(-1)));
  });

  it.each(['7501031311308', '4006381333932', '036000291453', '02345674'])(
    '%s has a wrong check digit',
    (code) => {
      expect(hasValidGs1CheckDigit(code)).toBe(false);
    },
  );

  it('is false, not an exception, for non-digits and short input', () => {
    for (const text of [
      '',
      '5',
      '750103AAAA309',
      '４００６３８１３３３９３１',
      ' 4006381333931',
      '4006381333931\n',
    ]) {
      expect(hasValidGs1CheckDigit(text)).toBe(false);
    }
  });

  it('refuses to compute over non-digits', () => {
    expect(() => gs1CheckDigit('12a4')).toThrow(RangeError);
  });
});

describe('Luhn (ISO/IEC 7812-1 Annex B)', () => {
  // python-stdnum tests/test_luhn.doctest and the Wikipedia example.
  it.each(['79927398713', '49927398716', '490154203237518', '1428572'])('%s is valid', (code) => {
    expect(isValidLuhn(code)).toBe(true);
    expect(luhnCheckDigit(code.slice(0, -1))).toBe(Number(code.slice(-1)));
  });

  it('gives 6 for 4992739871 and 3 for 7992739871', () => {
    expect(luhnCheckDigit('4992739871')).toBe(6);
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });

  it.each(['79927398710', '79927398714', '49927398717', '', 'x'])('%s is invalid', (code) => {
    expect(isValidLuhn(code)).toBe(false);
  });
});

describe('price/measure verifier digit (GS1 General Specifications §7.9.3, §7.9.4)', () => {
  it('matches the GenSpecs worked examples', () => {
    expect(priceCheckDigit('2875')).toBe(9);
    expect(priceCheckDigit('14685')).toBe(6);
  });

  it('matches the weighting-factor definition for every 4-digit value', () => {
    // Independent restatement of §7.9.3: factors 2-, 2-, 3, 5-; sum × 3; units digit.
    const twoMinus = (d: number): number => (2 * d - Math.floor((2 * d) / 10)) % 10;
    const fiveMinus = (d: number): number => (5 * d - Math.floor((5 * d) / 10)) % 10;
    for (let n = 0; n < 10_000; n += 7) {
      const v = String(n).padStart(4, '0');
      const d = [...v].map(Number) as [number, number, number, number];
      const sum = twoMinus(d[0]) + twoMinus(d[1]) + ((3 * d[2]) % 10) + fiveMinus(d[3]);
      expect(priceCheckDigit(v)).toBe((sum * 3) % 10);
    }
  });

  it('refuses other lengths', () => {
    expect(() => priceCheckDigit('123')).toThrow(RangeError);
    expect(() => priceCheckDigit('123456')).toThrow(RangeError);
  });
});
