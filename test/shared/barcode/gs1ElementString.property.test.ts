import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Gs1Element } from '../../../shared/barcode';
import { formatGs1ElementString, GS, parseGs1ElementString } from '../../../shared/barcode';
import { referenceGs1Check } from './referenceCheckDigits';

// GS1 character set 82 (GS1 General Specifications Figure 7.11-1).
const CSET82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

const numeric = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((ds) => ds.join(''));
const alnum = (max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...CSET82), { minLength: 1, maxLength: max }).map((cs) => cs.join(''));
const withCheck = (length: number): fc.Arbitrary<string> =>
  numeric(length - 1, length - 1).map((data) => data + referenceGs1Check(data));
const date = fc
  .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 28 }))
  .map(([y, m, d]) => [y, m, d].map((n) => String(n).padStart(2, '0')).join(''));

const element: fc.Arbitrary<Gs1Element> = fc.oneof(
  withCheck(18).map((value) => ({ ai: '00', value })),
  withCheck(14).map((value) => ({ ai: '01', value })),
  withCheck(14).map((value) => ({ ai: '02', value })),
  alnum(20).map((value) => ({ ai: '10', value })),
  date.map((value) => ({ ai: '11', value })),
  date.map((value) => ({ ai: '17', value })),
  alnum(20).map((value) => ({ ai: '21', value })),
  numeric(1, 8).map((value) => ({ ai: '30', value })),
  fc.tuple(fc.integer({ min: 0, max: 5 }), numeric(6, 6)).map(([n, value]) => ({ ai: `310${n}`, value })),
  fc.tuple(fc.integer({ min: 0, max: 9 }), numeric(1, 15)).map(([n, value]) => ({ ai: `392${n}`, value })),
  numeric(6, 6).map((value) => ({ ai: '8005', value })),
  numeric(3, 3).map((value) => ({ ai: '422', value })),
  alnum(90).map((value) => ({ ai: '91', value })),
  alnum(90).map((value) => ({ ai: '92', value })),
  alnum(90).map((value) => ({ ai: '93', value })),
  alnum(30).map((value) => ({ ai: '90', value })),
);

const elements = fc.array(element, { minLength: 1, maxLength: 8 });

describe('GS1 element strings (property)', () => {
  it('parse ∘ format is the identity on valid elements', () => {
    fc.assert(
      fc.property(elements, fc.boolean(), (els, leadingGs) => {
        expect(parseGs1ElementString(formatGs1ElementString(els, { leadingGs }))).toEqual({
          ok: true,
          elements: els,
        });
      }),
    );
  });

  it('format ∘ parse gives back a canonical element string byte for byte', () => {
    fc.assert(
      fc.property(elements, (els) => {
        const text = formatGs1ElementString(els);
        const parsed = parseGs1ElementString(text);
        expect(parsed.ok && formatGs1ElementString(parsed.elements)).toBe(text);
      }),
    );
  });

  it('never throws, and reports an offset inside the input', () => {
    const noisy = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc
        .array(fc.constantFrom('0', '1', '2', '7', '9', GS, 'A', '(', '^'), { maxLength: 60 })
        .map((cs) => cs.join('')),
    );
    fc.assert(
      fc.property(noisy, (text) => {
        const parsed = parseGs1ElementString(text);
        if (!parsed.ok) {
          expect(parsed.error.offset).toBeGreaterThanOrEqual(0);
          expect(parsed.error.offset).toBeLessThanOrEqual(text.length);
        }
      }),
    );
  });
});
