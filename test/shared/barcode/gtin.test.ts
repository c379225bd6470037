import { describe, expect, it } from 'vitest';
import {
  gtinFormatOf,
  isValidGtin,
  isValidUpcE,
  restrictedCirculation,
  toGtin14,
  upcEToUpcA,
} from '../../../shared/barcode';

describe('isValidGtin', () => {
  it.each([
    ['4006381333931', 'ean13'],
    ['9780306406157', 'ean13'],
    ['036000291452', 'upca'],
    ['02345673', 'ean8'],
    ['12312312312333', 'gtin14'],
  ])('accepts %s as %s', (code, format) => {
    expect(isValidGtin(code)).toBe(true);
    expect(gtinFormatOf(code)).toBe(format);
  });

  it.each(['4006381333930', '75010313113', '750103AAAA309', '', '123456789012345', '0425261'])(
    'rejects %s',
    (code) => {
      expect(isValidGtin(code)).toBe(false);
    },
  );
});

describe('UPC-E', () => {
  // Public pairs: 0425261 ↔ 042100005264 (number system 0 + six-digit body, check digit left off;
  // the full UPC-E is 04252614), 00123457 ↔ 001234000057 (GS1 barcode engine).
  it.each([
    ['0425261', '042100005264'],
    ['04252614', '042100005264'],
    ['425261', '042100005264'],
    ['00123457', '001234000057'],
    ['01234565', '012345000065'],
  ])('expands %s to %s', (upce, upca) => {
    expect(upcEToUpcA(upce)).toBe(upca);
    expect(isValidGtin(upca)).toBe(true);
  });

  it('applies each zero-suppression rule (last digit 0–2, 3, 4, 5–9)', () => {
    expect(upcEToUpcA('0123450')?.slice(0, 11)).toBe('01200000345');
    expect(upcEToUpcA('0123453')?.slice(0, 11)).toBe('01230000045');
    expect(upcEToUpcA('0123454')?.slice(0, 11)).toBe('01234000005');
    expect(upcEToUpcA('0123459')?.slice(0, 11)).toBe('01234500009');
  });

  it('rejects a wrong check digit, other number systems and other lengths', () => {
    expect(upcEToUpcA('04252615')).toBeUndefined();
    expect(upcEToUpcA('24252614')).toBeUndefined();
    expect(upcEToUpcA('12345')).toBeUndefined();
    expect(upcEToUpcA('042526140')).toBeUndefined();
    expect(upcEToUpcA('04a52614')).toBeUndefined();
    expect(isValidUpcE('04252614')).toBe(true);
    expect(isValidUpcE('0425261')).toBe(false);
  });
});

describe('toGtin14', () => {
  it('left-pads every GTIN length to 14', () => {
    expect(toGtin14('4006381333931')).toBe('04006381333931');
    expect(toGtin14('036000291452')).toBe('00036000291452');
    expect(toGtin14('02345673')).toBe('00000002345673');
    expect(toGtin14('12312312312333')).toBe('12312312312333');
  });

  it('refuses anything else', () => {
    expect(() => toGtin14('0425261')).toThrow(RangeError);
  });
});

describe('restrictedCirculation (GS1 prefix table; by prefix only, check digit not examined)', () => {
  it.each([
    ['2100005080002', 'region'],
    ['2990000012340', 'region'],
    ['0212345678903', 'region'],
    ['212345678903', 'region'], // UPC-A number system 2 is GTIN-13 prefix 02
    ['0412345678907', 'company'],
    ['02345673', 'company'],
    ['4006381333931', undefined],
    ['46012345', undefined],
  ])('%s → %s', (code, expected) => {
    expect(restrictedCirculation(code)).toBe(expected);
  });
});
