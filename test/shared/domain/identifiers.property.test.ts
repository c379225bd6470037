import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeEmail, normalizePhone } from '../../../shared/domain/identifiers';

// The till sends normalized values and the server checks `normalize(v) === v` and normalizes again,
// so a normalized value must be a fixed point, or a till's own payload would be refused.
describe('normalized identifiers are fixed points', () => {
  const phoneLike = fc
    .tuple(
      fc.constantFrom('', '+', '8', '+7', '+44', '+1', '(', ' '),
      fc.array(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ' ', '-', '(', ')'), {
        minLength: 6,
        maxLength: 18,
      }),
    )
    .map(([prefix, chars]) => prefix + chars.join(''));

  it('a phone, once normalized, normalizes to itself in any store country', () => {
    fc.assert(
      fc.property(
        fc.oneof(phoneLike, fc.string()),
        fc.constantFrom('RU', 'GB', 'US', 'DE', 'KZ'),
        (text, country) => {
          const once = normalizePhone(text, country);
          if (once === null) return;
          expect(once).toMatch(/^\+[1-9]\d{1,14}$/);
          expect(normalizePhone(once, country)).toBe(once);
          expect(normalizePhone(once)).toBe(once);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('an email, once normalized, normalizes to itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string()), fc.constantFrom('', ' ', '\t'), (text, pad) => {
        const once = normalizeEmail(pad + text.toUpperCase() + pad);
        if (once === null) return;
        expect(normalizeEmail(once)).toBe(once);
        expect(once).toBe(once.trim());
      }),
      { numRuns: 2000 },
    );
  });
});
