/**
 * Values that many different people type, or that software fills in for nobody: linking on them
 * would join strangers by the hundred (docs/identity.md §3). They are checked on normalized values,
 * so `+7 (000) 000-00-00` and `+70000000000` are one entry.
 */

/** Emails that mean "no email", in any case, as tills and checkouts see them. */
const JUNK_EMAILS = new Set([
  'test@test.com',
  'test@example.com',
  'example@example.com',
  'email@example.com',
  'user@example.com',
  'a@a.com',
  'a@a.ru',
  'no@no.com',
  'none@none.com',
  'null@null.com',
  'noreply@noreply.com',
  'test@test.ru',
  'test@mail.ru',
  '1@1.ru',
  'asd@asd.ru',
  'qwerty@qwerty.ru',
]);

/** Local parts that say the customer gave no email, on any domain: `noemail@shop.ru`. */
const JUNK_EMAIL_LOCAL = /^(no-?e?-?mail|no-?reply|none|null|undefined|nobody|test|unknown|nomail|net|нет)$/u;

/** Words a field holds when it holds nothing: the PostHog and Segment lists of illegal ids. */
const JUNK_WORDS = new Set([
  '',
  '0',
  '-1',
  'null',
  'none',
  'nan',
  'undefined',
  'anonymous',
  'guest',
  'id',
  'distinctid',
  'distinct_id',
  'not_authenticated',
  'email',
  'true',
  'false',
  '[object object]',
  'void',
  'abc123',
  'test',
]);

/**
 * A phone whose subscriber digits are one repeated digit or a straight run (`+70000000000`,
 * `+79777777777`, `+79121111111`, `+71234567890`), which customers say to get past a form.
 */
function isJunkPhone(e164: string): boolean {
  const digits = e164.slice(1);
  // The country code is kept out: +7 999 999-99-99 repeats after the 7.
  const national = digits.length > 10 ? digits.slice(digits.length - 10) : digits;
  const body = national.slice(1);
  if (/^(\d)\1+$/.test(body)) return true;
  // The subscriber's seven digits all one digit (`912 111-11-11`): a placeholder after a real code.
  if (/^(\d)\1{6}$/.test(national.slice(-7))) return true;
  if (/^(\d)\1+$/.test(national)) return true;
  if ('01234567890123456789'.includes(national) || '98765432109876543210'.includes(national)) return true;
  return false;
}

/** What a deployment adds to the built-in list: its stores' own phones and emails, staff contacts. */
export type JunkList = { readonly phones?: readonly string[]; readonly emails?: readonly string[] };

/**
 * Whether a normalized identifier value is junk: the built-in placeholders, or one of the
 * deployment's own (`extra`, normalized values).
 *
 * @example isJunkValue('phone', '+70000000000') // true
 * @example isJunkValue('email', 'noemail@shop.ru') // true
 * @example isJunkValue('phone', '+79123456789') // false
 * @example isJunkValue('phone', '+74951234567', { phones: ['+74951234567'] }) // true (the store's own)
 */
export function isJunkValue(
  type: 'card' | 'phone' | 'email' | 'shop_account' | 'visitor',
  value: string,
  extra: JunkList = {},
): boolean {
  const lower = value.toLowerCase();
  if (JUNK_WORDS.has(lower)) return true;
  switch (type) {
    case 'phone':
      return isJunkPhone(value) || (extra.phones ?? []).includes(value);
    case 'email': {
      const local = lower.slice(0, lower.lastIndexOf('@'));
      return JUNK_EMAILS.has(lower) || JUNK_EMAIL_LOCAL.test(local) || (extra.emails ?? []).includes(lower);
    }
    case 'card':
      // A number of one repeated digit is a cashier's stand-in, never a printed card.
      return /^(.)\1+$/.test(value);
    case 'shop_account': {
      const id = lower.slice(lower.indexOf(':') + 1);
      return JUNK_WORDS.has(id) || /^0+$/.test(id);
    }
    case 'visitor':
      return /^[0-]+$/.test(value);
  }
}
