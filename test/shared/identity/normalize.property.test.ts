import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IDENTIFIER_TYPES, isJunkValue, normalizeIdentifier } from '../../../shared/identity';

const phoneLike = fc
  .tuple(
    fc.constantFrom('+7', '8', '7', '+44', '+49', ''),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 12 }),
    fc.constantFrom(' ', '-', '', '(', ') '),
  )
  .map(([prefix, digits, sep]) => `${prefix}${digits.join('').replace(/(\d{3})/g, `$1${sep}`)}`);
const emailLike = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z0-9._+-]{1,12}$/),
    fc.constantFrom('Example.COM', 'mail.ru', 'gmail.com', 'шоп.рф'),
  )
  .map(([local, domain]) => ` ${local}@${domain} `);
const raw = fc.oneof(fc.string(), phoneLike, emailLike, fc.uuid(), fc.stringMatching(/^[0-9 -]{4,24}$/));

describe('identifier normalization', () => {
  it('is idempotent: a normalized value normalizes to itself, for every type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IDENTIFIER_TYPES), raw, (type, value) => {
        const once = normalizeIdentifier(type, value, { connectionId: 'shop-1' });
        if (!once.ok) return;
        expect(normalizeIdentifier(type, once.value, { connectionId: 'shop-1' })).toEqual(once);
        expect(normalizeIdentifier(type, once.value)).toEqual(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('never lets a junk value through, whatever its spelling', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IDENTIFIER_TYPES), raw, (type, value) => {
        const n = normalizeIdentifier(type, value, { connectionId: 'shop-1' });
        if (n.ok) expect(isJunkValue(type, n.value)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the spellings of one phone, email or card as one key, and refuses placeholders', () => {
    for (const phone of ['8 (912) 345-67-89', '+7 912 345 67 89', '79123456789', '8-912-345-6789']) {
      expect(normalizeIdentifier('phone', phone)).toEqual({ ok: true, value: '+79123456789' });
    }
    expect(normalizeIdentifier('email', ' Anna.Petrova@Example.COM ')).toEqual({
      ok: true,
      value: 'anna.petrova@example.com',
    });
    expect(normalizeIdentifier('card', '4600 1234-5678')).toEqual({ ok: true, value: '460012345678' });
    expect(normalizeIdentifier('shop_account', ' 17 ', { connectionId: 'woo' })).toEqual({
      ok: true,
      value: 'woo:17',
    });
    expect(normalizeIdentifier('shop_account', '17')).toEqual({ ok: false, why: 'invalid' });
    for (const [type, value] of [
      ['phone', '+7 999 999-99-99'],
      ['phone', '8 912 111-11-11'],
      ['email', 'Test@Test.com'],
      ['email', 'noemail@shop.ru'],
      ['email', 'no-reply@example.org'],
      ['card', '0000000000000'],
      ['visitor', '00000000-0000-0000-0000-000000000000'],
      ['shop_account', 'woo:null'],
    ] as const) {
      expect(normalizeIdentifier(type, value).ok).toBe(false);
    }
    expect(normalizeIdentifier('phone', '+7 495 123-45-67', { junk: { phones: ['+74951234567'] } })).toEqual({
      ok: false,
      why: 'junk',
    });
  });
});
