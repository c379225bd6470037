/**
 * Identifier normalization shared by the till, the server and HQ search, so the same person typed
 * three ways is one key. Rules: phones in ITU-T E.164 form, emails lower-cased.
 */

/**
 * A phone number to E.164, assuming Russia (+7) for national forms. Returns null when the digits
 * cannot be a phone number.
 *
 * @example normalizePhone('8 (912) 345-67-89') // '+79123456789'
 */
export function normalizePhone(input: string, defaultCountryCode = '7'): string | null {
  const trimmed = input.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 10 || digits.length > 15) return null;
  if (trimmed.startsWith('+')) return `+${digits}`;
  if (defaultCountryCode === '7' && digits.length === 11 && (digits[0] === '8' || digits[0] === '7')) {
    return `+7${digits.slice(1)}`;
  }
  if (digits.length === 10) return `+${defaultCountryCode}${digits}`;
  return `+${digits}`;
}

/**
 * An email trimmed and lower-cased; null when it is not shaped like one.
 *
 * @example normalizeEmail(' Anna.Petrova@Example.COM ') // 'anna.petrova@example.com'
 */
export function normalizeEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
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
