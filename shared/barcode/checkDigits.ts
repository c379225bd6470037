const DIGITS = /^[0-9]+$/;

/** True when `text` is one or more ASCII digits (no signs, spaces or other numerals). */
export function isDigits(text: string): boolean {
  return DIGITS.test(text);
}

function requireDigits(text: string, what: string): void {
  if (!DIGITS.test(text)) throw new RangeError(`${what} must be ASCII digits, got ${JSON.stringify(text)}`);
}

/**
 * GS1 standard mod-10 check digit over the data digits (check digit not included). Weights 3 and 1
 * alternate starting from the rightmost data digit (GS1 General Specifications §7.9.1), so the
 * same routine serves EAN-8, UPC-A, EAN-13, GTIN-14, SSCC and GLN.
 *
 * @example gs1CheckDigit('400638133393') // 1  (EAN-13 4006381333931)
 * @example gs1CheckDigit('0234567') // 3  (EAN-8 02345673)
 */
export function gs1CheckDigit(dataDigits: string): number {
  requireDigits(dataDigits, 'GS1 data');
  let sum = 0;
  let weight = 3;
  for (let i = dataDigits.length - 1; i >= 0; i--) {
    sum += (dataDigits.charCodeAt(i) - 48) * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * True when the last digit of `code` is the GS1 mod-10 check digit of the others. Never throws:
 * anything that is not at least two ASCII digits is simply not valid.
 *
 * @example hasValidGs1CheckDigit('4006381333931') // true
 * @example hasValidGs1CheckDigit('4006381333932') // false
 */
export function hasValidGs1CheckDigit(code: string): boolean {
  if (code.length < 2 || !DIGITS.test(code)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/**
 * Luhn (mod-10, "double every second digit from the right") check digit over the payload, as used
 * by payment and many loyalty cards (ISO/IEC 7812-1, Annex B).
 *
 * @example luhnCheckDigit('7992739871') // 3  (79927398713)
 * @example luhnCheckDigit('4992739871') // 6
 */
export function luhnCheckDigit(payload: string): number {
  requireDigits(payload, 'Luhn payload');
  let sum = 0;
  let double = true; // the check digit will sit to the right, so the rightmost payload digit doubles
  for (let i = payload.length - 1; i >= 0; i--) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * True when `code` (digits, check digit last) passes the Luhn check. Never throws.
 *
 * @example isValidLuhn('79927398713') // true
 * @example isValidLuhn('79927398710') // false
 */
export function isValidLuhn(code: string): boolean {
  if (code.length < 2 || !DIGITS.test(code)) return false;
  return luhnCheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

// Weighting-factor tables for price/weight verifier digits (GS1 General Specifications §7.9.2–7.9.4).
// "2-": double, then subtract the tens digit from the units; "5+"/"5-": times five, add/subtract
// the tens digit; "3": times three. Each table lists the resulting units digit for 0..9.
const WEIGHT_2_MINUS = [0, 2, 4, 6, 8, 9, 1, 3, 5, 7] as const;
const WEIGHT_3 = [0, 3, 6, 9, 2, 5, 8, 1, 4, 7] as const;
const WEIGHT_5_PLUS = [0, 5, 1, 6, 2, 7, 3, 8, 4, 9] as const;
const WEIGHT_5_MINUS = [0, 5, 9, 4, 8, 3, 7, 2, 6, 1] as const;

function digitAt(text: string, index: number): number {
  return text.charCodeAt(index) - 48;
}

function lookup(table: readonly number[], digit: number): number {
  return table[digit] ?? 0;
}

/**
 * Price (or measure) verifier digit for a 4- or 5-digit value field in an in-store variable
 * measure EAN-13 (GS1 General Specifications §7.9.3 for four digits, §7.9.4 for five).
 *
 * @example priceCheckDigit('2875') // 9
 * @example priceCheckDigit('14685') // 6
 */
export function priceCheckDigit(value: string): number {
  requireDigits(value, 'Price field');
  if (value.length === 4) {
    const sum =
      lookup(WEIGHT_2_MINUS, digitAt(value, 0)) +
      lookup(WEIGHT_2_MINUS, digitAt(value, 1)) +
      lookup(WEIGHT_3, digitAt(value, 2)) +
      lookup(WEIGHT_5_MINUS, digitAt(value, 3));
    return (sum * 3) % 10;
  }
  if (value.length === 5) {
    const sum =
      lookup(WEIGHT_5_PLUS, digitAt(value, 0)) +
      lookup(WEIGHT_2_MINUS, digitAt(value, 1)) +
      lookup(WEIGHT_5_MINUS, digitAt(value, 2)) +
      lookup(WEIGHT_5_PLUS, digitAt(value, 3)) +
      lookup(WEIGHT_2_MINUS, digitAt(value, 4));
    // The check digit is the one whose "5-" product brings the sum up to a multiple of ten.
    const target = (10 - (sum % 10)) % 10;
    return WEIGHT_5_MINUS.indexOf(target as (typeof WEIGHT_5_MINUS)[number]);
  }
  throw new RangeError(`Price field must be 4 or 5 digits, got ${value.length}`);
}
