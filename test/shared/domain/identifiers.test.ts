import { describe, expect, it } from 'vitest';
import { normalizeEmail, normalizePhone } from '../../../shared/domain/identifiers';

describe('normalizePhone', () => {
  it.each([
    ['8 (912) 345-67-89', '+79123456789'],
    ['+7 912 345 67 89', '+79123456789'],
    ['7 912 345 67 89', '+79123456789'],
    ['9123456789', '+79123456789'],
    ['+7 (495) 123-45-67', '+74951234567'],
    ['8 800 555-35-35', '+78005553535'],
  ])('reads the Russian form %s as %s', (input, e164) => {
    expect(normalizePhone(input)).toBe(e164);
  });

  it.each([
    ['+44 20 7946 0018', '+442079460018'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['+49 30 901820', '+4930901820'],
    ['+380 44 123 4567', '+380441234567'],
  ])('keeps the international number %s as %s whatever the store country', (input, e164) => {
    expect(normalizePhone(input)).toBe(e164);
    expect(normalizePhone(input, 'GB')).toBe(e164);
  });

  it('refuses a number longer than the 15 digits E.164 allows, which the payload could not carry', () => {
    // libphonenumber's German length rules accept this national form as +4980000000000000.
    expect(normalizePhone('80000000000000', 'DE')).toBeNull();
  });

  it('reads a national number in the store country it is given', () => {
    expect(normalizePhone('020 7946 0018', 'GB')).toBe('+442079460018');
    expect(normalizePhone('(415) 555-2671', 'US')).toBe('+14155552671');
    // The same digits in a Russian store are not a Russian number.
    expect(normalizePhone('020 7946 0018')).toBeNull();
  });

  it.each(['12345', '', 'phone', '+7 000 000 00 00', '8 912 345', '+7 912 345 67 89 12 34'])(
    'refuses %j instead of guessing',
    (input) => {
      expect(normalizePhone(input)).toBeNull();
    },
  );
});

describe('normalizeEmail', () => {
  it('trims and lower-cases the whole address', () => {
    expect(normalizeEmail(' Anna.Petrova@Example.COM ')).toBe('anna.petrova@example.com');
    expect(normalizeEmail('ИВАН@Почта.РФ')).toBe('иван@почта.рф');
  });

  it('keeps dots and +tags, so two Gmail spellings stay two keys', () => {
    expect(normalizeEmail('anna.petrova@gmail.com')).toBe('anna.petrova@gmail.com');
    expect(normalizeEmail('annapetrova@gmail.com')).toBe('annapetrova@gmail.com');
    expect(normalizeEmail('anna+shop@gmail.com')).toBe('anna+shop@gmail.com');
  });

  it('gives composed and decomposed accents one key', () => {
    expect(normalizeEmail('jose\u0301@example.com')).toBe(normalizeEmail('jos\u00e9@example.com'));
  });

  it.each(['not an email', 'a@b', '@example.com', 'a b@example.com'])('refuses %j', (input) => {
    expect(normalizeEmail(input)).toBeNull();
  });
});
