import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Identifier normalization shared by the till, the server and HQ search, so the same person typed
 * three ways is one key.
 *
 * - Phones: ITU-T E.164 through libphonenumber-js (Google's libphonenumber metadata), reading a
 *   national form with the store's default country. A number the metadata says cannot exist is
 *   refused rather than guessed, since a wrong key would link two people.
 * - Emails: trimmed, Unicode NFC, lower-cased. Nothing more: no Gmail dot or `+tag` stripping.
 *   Those rules hold for gmail.com only, a Google Workspace address on a company's own domain
 *   cannot be told apart, and on other providers `a.b@` and `ab@` are different people. A key
 *   that over-merges joins two customers' purchases and points, which is worse than two profiles
 *   HQ can merge by hand.
 */

const E164 = /^\+[1-9]\d{1,14}$/;

/** The country a national phone number is read in when the store says nothing else. */
export const DEFAULT_PHONE_COUNTRY: CountryCode = 'RU';

/**
 * A phone number to E.164, reading national forms (`8 912…`, `912…`) in `defaultCountry`.
 * Returns null when the text is not a valid phone number of any country.
 *
 * @example normalizePhone('8 (912) 345-67-89') // '+79123456789'
 * @example normalizePhone('020 7946 0018', 'GB') // '+442079460018'
 */
export function normalizePhone(
  input: string,
  defaultCountry: CountryCode = DEFAULT_PHONE_COUNTRY,
): string | null {
  const trimmed = input.trim();
  // Letters are never part of a number a customer dictates; libphonenumber would read vanity
  // letters (1-800-FLOWERS) as digits, which at a till is a typo, not a number.
  if (!trimmed || /\p{L}/u.test(trimmed.replace(/\b(ext|доб)\.?/giu, ''))) return null;
  const parsed = parsePhoneNumberFromString(trimmed, { defaultCountry, extract: false });
  if (!parsed?.isValid()) return null;
  // The metadata's length rules for some countries (Germany) pass more than the 15 digits E.164
  // allows; such a key could not be stored or sent, so it is refused here as well.
  return E164.test(parsed.number) ? parsed.number : null;
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * An email trimmed, NFC-normalized and lower-cased; null when it is not shaped like one.
 *
 * @example normalizeEmail(' Anna.Petrova@Example.COM ') // 'anna.petrova@example.com'
 */
export function normalizeEmail(input: string): string | null {
  const email = input.trim().normalize('NFC').toLowerCase();
  return EMAIL_SHAPE.test(email) ? email : null;
}

/**
 * A display name reduced to what a cashier may see on a shared screen: first name and initial.
 *
 * @example maskName('Anna Petrova') // 'Anna P.'
 */
export function maskName(fullName: string): string {
  const [first = '', last = ''] = fullName.trim().split(/\s+/);
  return last ? `${first} ${last[0]}.` : first;
}

/**
 * A phone number with its middle hidden, enough for someone holding the list to tell two numbers
 * apart or read the last digits back to the customer, not enough to call them.
 *
 * @example maskPhone('+79123456701') // '+7912•••••01'
 */
export function maskPhone(phone: string): string {
  if (phone.length <= 6) return '•'.repeat(phone.length);
  return `${phone.slice(0, 5)}${'•'.repeat(phone.length - 7)}${phone.slice(-2)}`;
}

/**
 * An email address with the mailbox reduced to its first letter.
 *
 * @example maskEmail('anna.petrova@example.com') // 'a•••@example.com'
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? '•••' : `${email[0]}•••${email.slice(at)}`;
}
