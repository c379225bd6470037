/**
 * The codes the server issues and the till scans: the web-shop order QR shown on the customer's
 * phone (docs/scanners.md §6.6), the receipt link code printed on every receipt, and the
 * one-time enrolment code HQ hands out for a new till. The server formats them with these functions
 * and every reader parses them with these functions, so the format lives in one place.
 *
 * Order QR: `OMNI-O:<orderNumber>` or `OMNI-O:<orderNumber>:<pickupToken>`.
 * Link code: `OMNI-L:<code>` or `https://<shop or server host>/l/<code>`, where code is ten
 * Crockford base32 symbols (https://www.crockford.com/base32.html), the last a check symbol.
 *
 * The check symbol is a weighted sum over GF(32), the field of 32 elements built on the primitive
 * polynomial x⁵ + x² + 1: symbol i of nine is weighted α^(9−i) and the check symbol makes the total
 * zero. Because the weights are distinct non-zero field elements (α has order 31), it catches every
 * single wrong symbol and every swap of two different symbols, which integer arithmetic mod 32
 * cannot do (even weights are not invertible mod 32). Nine random symbols carry 45 bits.
 */

export const ORDER_QR_PREFIX = 'OMNI-O:';
export const LINK_CODE_PREFIX = 'OMNI-L:';
export const LINK_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const LINK_CODE_LENGTH = 10;
/** An order number as the server issues it: upper-case letters, digits and hyphens, 3–32 long. */
export const ORDER_NUMBER_PATTERN = /^[A-Z0-9][A-Z0-9-]{2,31}$/;
/** The pickup token that may follow the order number: 6–32 letters and digits, case-sensitive. */
export const PICKUP_TOKEN_PATTERN = /^[A-Za-z0-9]{6,32}$/;

export type OrderQrParse =
  | { readonly ok: true; readonly orderNumber: string; readonly pickupToken: string | undefined }
  | { readonly ok: false; readonly reason: 'not_order_qr' | 'bad_order_qr' };

export type LinkCodeParse =
  | { readonly ok: true; readonly code: string; readonly form: 'prefixed' | 'url'; readonly host?: string }
  | { readonly ok: false; readonly reason: 'not_link_code' | 'bad_link_code' };

/**
 * The order QR payload for an order number and, when the order has one, its pickup token.
 * Throws a RangeError for values outside the formats, since issuing such a code is a bug.
 *
 * @example formatOrderQr('WEB-10042') // 'OMNI-O:WEB-10042'
 * @example formatOrderQr('WEB-10042', 'x7Kq9PzA') // 'OMNI-O:WEB-10042:x7Kq9PzA'
 */
export function formatOrderQr(orderNumber: string, pickupToken?: string): string {
  if (!ORDER_NUMBER_PATTERN.test(orderNumber))
    throw new RangeError(`Bad order number ${JSON.stringify(orderNumber)}`);
  if (pickupToken === undefined) return ORDER_QR_PREFIX + orderNumber;
  if (!PICKUP_TOKEN_PATTERN.test(pickupToken)) throw new RangeError('Bad pickup token');
  return `${ORDER_QR_PREFIX}${orderNumber}:${pickupToken}`;
}

function hasPrefix(text: string, prefix: string): boolean {
  // Case-blind, because a keyboard-wedge scanner under Caps Lock inverts letter case. The first
  // letter is compared alone first: almost every scan is digits, and this runs on each one.
  if ((text.charCodeAt(0) | 0x20) !== (prefix.charCodeAt(0) | 0x20)) return false;
  return text.slice(0, prefix.length).toUpperCase() === prefix;
}

/**
 * Reads an order QR payload. `not_order_qr` means the text is something else entirely;
 * `bad_order_qr` means it has the prefix but not a valid order number or token.
 *
 * @example parseOrderQr('OMNI-O:WEB-10042:x7Kq9PzA') // { ok: true, orderNumber: 'WEB-10042', pickupToken: 'x7Kq9PzA' }
 * @example parseOrderQr('OMNI-O:?') // { ok: false, reason: 'bad_order_qr' }
 */
export function parseOrderQr(text: string): OrderQrParse {
  if (!hasPrefix(text, ORDER_QR_PREFIX)) return { ok: false, reason: 'not_order_qr' };
  const parts = text.slice(ORDER_QR_PREFIX.length).split(':');
  if (parts.length > 2) return { ok: false, reason: 'bad_order_qr' };
  // Order numbers are upper-case by definition, so case is restored safely; the token is not touched.
  const orderNumber = (parts[0] ?? '').toUpperCase();
  const pickupToken = parts[1];
  if (!ORDER_NUMBER_PATTERN.test(orderNumber)) return { ok: false, reason: 'bad_order_qr' };
  if (pickupToken !== undefined && !PICKUP_TOKEN_PATTERN.test(pickupToken)) {
    return { ok: false, reason: 'bad_order_qr' };
  }
  return { ok: true, orderNumber, pickupToken };
}

/** Multiplies by α in GF(32) modulo x⁵ + x² + 1. */
function timesAlpha(value: number): number {
  const shifted = value << 1;
  return shifted & 0x20 ? shifted ^ 0x25 : shifted;
}

function symbolValues(body: string): number[] | undefined {
  const values: number[] = [];
  for (const symbol of body) {
    const value = LINK_CODE_ALPHABET.indexOf(symbol);
    if (value < 0) return undefined;
    values.push(value);
  }
  return values;
}

function checkValue(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum = timesAlpha(sum) ^ value;
  return timesAlpha(sum);
}

/**
 * The check symbol for the first nine symbols of a link code (canonical upper-case alphabet).
 *
 * @example linkCodeCheckChar('000000000') // '0'
 */
export function linkCodeCheckChar(body: string): string {
  const values = body.length === LINK_CODE_LENGTH - 1 ? symbolValues(body) : undefined;
  if (values === undefined)
    throw new RangeError(`Link code body must be 9 base32 symbols, got ${JSON.stringify(body)}`);
  return LINK_CODE_ALPHABET.charAt(checkValue(values));
}

/**
 * A new link code from at least nine random bytes (the server passes `crypto.getRandomValues`
 * output; 256 is a multiple of 32, so taking each byte mod 32 keeps the symbols uniform).
 *
 * @example makeLinkCode(new Uint8Array(9)) // '0000000000'
 */
export function makeLinkCode(randomBytes: ArrayLike<number>): string {
  if (randomBytes.length < LINK_CODE_LENGTH - 1) throw new RangeError('Need nine random bytes');
  let body = '';
  for (let i = 0; i < LINK_CODE_LENGTH - 1; i++)
    body += LINK_CODE_ALPHABET.charAt((randomBytes[i] ?? 0) & 31);
  return body + linkCodeCheckChar(body);
}

/**
 * The canonical form of a typed or scanned link code, or undefined when it is not one. Reads the
 * way Crockford base32 prescribes: case-blind, I and L read as 1, O as 0, hyphens ignored.
 *
 * @example normalizeLinkCode('abcde-fghjk') // undefined (wrong check symbol)
 * @example normalizeLinkCode('0000-00000o') // '0000000000'
 */
export function normalizeLinkCode(input: string): string | undefined {
  if (input.length > 2 * LINK_CODE_LENGTH) return undefined;
  const canonical = input.toUpperCase().replace(/-/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (canonical.length !== LINK_CODE_LENGTH) return undefined;
  const values = symbolValues(canonical);
  if (values === undefined) return undefined;
  return checkValue(values.slice(0, -1)) === values[LINK_CODE_LENGTH - 1] ? canonical : undefined;
}

/**
 * The scannable `OMNI-L:` form of a link code. Throws a RangeError for an invalid code.
 *
 * @example formatLinkCode(makeLinkCode(new Uint8Array(9))) // 'OMNI-L:0000000000'
 */
export function formatLinkCode(code: string): string {
  const canonical = normalizeLinkCode(code);
  if (canonical === undefined) throw new RangeError(`Not a link code: ${JSON.stringify(code)}`);
  return LINK_CODE_PREFIX + canonical;
}

/**
 * The URL form printed as the receipt QR, on the shop's or server's origin (`https://host[:port]`).
 *
 * @example formatLinkUrl('https://shop.example', '0000000000') // 'https://shop.example/l/0000000000'
 */
export function formatLinkUrl(origin: string, code: string): string {
  const canonical = normalizeLinkCode(code);
  if (canonical === undefined) throw new RangeError(`Not a link code: ${JSON.stringify(code)}`);
  if (!LINK_ORIGIN.test(origin)) throw new RangeError(`Not an https origin: ${JSON.stringify(origin)}`);
  return `${origin}/l/${canonical}`;
}

const LINK_ORIGIN = /^https:\/\/[A-Za-z0-9.-]+(?::[0-9]{1,5})?$/;
const LINK_URL = /^https:\/\/([A-Za-z0-9.-]+(?::[0-9]{1,5})?)\/l\/([^/?#]+)\/?$/i;

/**
 * Reads a link code in either issued form. `not_link_code` means the text is something else;
 * `bad_link_code` means it has the prefix or URL shape but the code fails its check.
 *
 * @example parseLinkCode('OMNI-L:0000000000') // { ok: true, code: '0000000000', form: 'prefixed' }
 * @example parseLinkCode('https://shop.example/l/0000000000') // { ok: true, code: '0000000000', form: 'url', host: 'shop.example' }
 */
export function parseLinkCode(text: string): LinkCodeParse {
  if (hasPrefix(text, LINK_CODE_PREFIX)) {
    const code = normalizeLinkCode(text.slice(LINK_CODE_PREFIX.length));
    return code === undefined ? { ok: false, reason: 'bad_link_code' } : { ok: true, code, form: 'prefixed' };
  }
  const looksLikeUrl = text.length <= 300 && (text.charCodeAt(0) | 0x20) === 0x68; // "h" or "H"
  const url = looksLikeUrl ? LINK_URL.exec(text) : null;
  if (url === null) return { ok: false, reason: 'not_link_code' };
  const code = normalizeLinkCode(url[2] ?? '');
  if (code === undefined) return { ok: false, reason: 'bad_link_code' };
  return { ok: true, code, form: 'url', host: (url[1] ?? '').toLowerCase() };
}

/** Symbols in an enrolment code: fifteen random ones (75 bits) and a check symbol. */
export const ENROLMENT_CODE_LENGTH = 16;
const ENROLMENT_GROUP = 4;

/**
 * A new enrolment code from at least fifteen random bytes (the server passes
 * `crypto.randomBytes` output; each byte mod 32 keeps the symbols uniform), in four dashed groups.
 *
 * @example makeEnrolmentCode(new Uint8Array(15)) // '0000-0000-0000-0000'
 */
export function makeEnrolmentCode(randomBytes: ArrayLike<number>): string {
  if (randomBytes.length < ENROLMENT_CODE_LENGTH - 1) throw new RangeError('Need fifteen random bytes');
  const values = Array.from({ length: ENROLMENT_CODE_LENGTH - 1 }, (_, i) => (randomBytes[i] ?? 0) & 31);
  return groupEnrolmentCode([...values, checkValue(values)]);
}

function groupEnrolmentCode(values: readonly number[]): string {
  const symbols = values.map((v) => LINK_CODE_ALPHABET.charAt(v)).join('');
  return (symbols.match(new RegExp(`.{${ENROLMENT_GROUP}}`, 'g')) ?? []).join('-');
}

const ENROLMENT_TEXT = new RegExp(
  `^[0-9A-Za-z]{${ENROLMENT_GROUP}}(?:-?[0-9A-Za-z]{${ENROLMENT_GROUP}}){${ENROLMENT_CODE_LENGTH / ENROLMENT_GROUP - 1}}$`,
);

/**
 * The one-time enrolment code: sixteen Crockford base32 symbols, the last a check symbol computed
 * like a link code's, issued as `XXXX-XXXX-XXXX-XXXX` and shown by HQ as text or as a barcode of
 * that text. Fifteen random symbols are long enough that guessing one within its lifetime at the
 * server's allowed rate is hopeless (docs/operations.md §9.3). It has no prefix, so it is read only
 * where a till expects one (the enrolment screen), never by the till's scan grammar.
 *
 * The canonical dashed form of an enrolment code as typed or scanned, or undefined when the text
 * is not one. Read the way Crockford base32 prescribes: case-blind, I and L as 1, O as 0; the
 * dashes between groups may be left out (a scanner programmed without them), surrounding spaces
 * go; a mistyped symbol or two swapped symbols fail the check.
 *
 * @example parseEnrolmentCode('7k3m-q9za-4tpw-hx24') // '7K3M-Q9ZA-4TPW-HX24'
 * @example parseEnrolmentCode('7K3MQ9ZA4TPWHX24') // '7K3M-Q9ZA-4TPW-HX24'
 * @example parseEnrolmentCode('7K3M-Q9ZA-4TPW-HX2G') // undefined (wrong check symbol)
 * @example parseEnrolmentCode('4601234567893') // undefined
 */
export function parseEnrolmentCode(text: string): string | undefined {
  const trimmed = text.trim();
  if (!ENROLMENT_TEXT.test(trimmed)) return undefined;
  const canonical = trimmed.toUpperCase().replace(/-/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  const values = symbolValues(canonical);
  if (values === undefined) return undefined;
  if (checkValue(values.slice(0, -1)) !== values[ENROLMENT_CODE_LENGTH - 1]) return undefined;
  return groupEnrolmentCode(values);
}
