import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasValidGs1CheckDigit, isValidGtin, isValidLuhn, upcEToUpcA } from '../../../shared/barcode';
import { referenceGs1Check, referenceLuhnCheck } from './referenceCheckDigits';

const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((ds) => ds.join(''));

/** A valid GTIN-8, -12, -13 or -14, check digit by the reference rule. */
const validGtin = fc
  .constantFrom(7, 11, 12, 13)
  .chain((length) => digits(length, length))
  .map((data) => data + referenceGs1Check(data));

/** One position and a different digit to put there. */
function changeOneDigit(code: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 0, max: code.length - 1 }), fc.integer({ min: 1, max: 9 }))
    .map(([at, delta]) => {
      const changed = (Number(code.charAt(at)) + delta) % 10;
      return code.slice(0, at) + String(changed) + code.slice(at + 1);
    });
}

describe('GTIN check digits (property)', () => {
  it('accepts every GTIN built by the reference rule', () => {
    fc.assert(fc.property(validGtin, (code) => isValidGtin(code)));
  });

  it('rejects a valid GTIN with any single digit changed', () => {
    fc.assert(
      fc.property(
        validGtin.chain((code) => changeOneDigit(code).map((changed) => [code, changed] as const)),
        ([, changed]) => !isValidGtin(changed),
      ),
    );
  });

  it('rejects a Luhn number with any single digit changed', () => {
    const validLuhn = digits(1, 18).map((data) => data + referenceLuhnCheck(data));
    fc.assert(fc.property(validLuhn, (code) => isValidLuhn(code)));
    fc.assert(
      fc.property(
        validLuhn.chain((code) => changeOneDigit(code)),
        (changed) => !isValidLuhn(changed),
      ),
    );
  });

  it('expands every UPC-E to a valid UPC-A that carries the same check digit', () => {
    const upcE = fc.tuple(fc.constantFrom('0', '1'), digits(6, 6)).map(([ns, body]) => ns + body);
    fc.assert(
      fc.property(upcE, (seven) => {
        const upcA = upcEToUpcA(seven);
        expect(upcA).toHaveLength(12);
        expect(hasValidGs1CheckDigit(upcA ?? '')).toBe(true);
        expect(upcEToUpcA(seven + (upcA ?? '').slice(-1))).toBe(upcA);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        isValidGtin(text);
        isValidLuhn(text);
        hasValidGs1CheckDigit(text);
        upcEToUpcA(text);
      }),
    );
  });
});
