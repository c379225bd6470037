import { gs1CheckDigit, hasValidGs1CheckDigit, isDigits } from './checkDigits';

/** The printed forms a GTIN arrives in. UPC-E is a zero-suppressed UPC-A, not a GTIN of its own. */
export type GtinFormat = 'ean8' | 'upca' | 'ean13' | 'gtin14' | 'upce';

const FORMAT_BY_LENGTH: Readonly<Record<number, GtinFormat>> = {
  8: 'ean8',
  12: 'upca',
  13: 'ean13',
  14: 'gtin14',
};

/**
 * True for a well-formed GTIN-8 (EAN-8), GTIN-12 (UPC-A), GTIN-13 (EAN-13) or GTIN-14 with a
 * correct GS1 mod-10 check digit. UPC-E is checked by {@link isValidUpcE}. Never throws.
 *
 * @example isValidGtin('4006381333931') // true
 * @example isValidGtin('036000291452') // true
 * @example isValidGtin('4006381333932') // false
 */
export function isValidGtin(code: string): boolean {
  return FORMAT_BY_LENGTH[code.length] !== undefined && hasValidGs1CheckDigit(code);
}

/**
 * The format implied by a GTIN's length, or undefined when the length is not a GTIN length.
 *
 * @example gtinFormatOf('02345673') // 'ean8'
 */
export function gtinFormatOf(code: string): GtinFormat | undefined {
  return isDigits(code) ? FORMAT_BY_LENGTH[code.length] : undefined;
}

/**
 * Left-pads a GTIN-8/12/13/14 to the 14-digit form GS1 uses in AI (01) and in databases, so one
 * product has one key however its barcode was printed.
 *
 * @example toGtin14('4006381333931') // '04006381333931'
 * @example toGtin14('02345673') // '00000002345673'
 */
export function toGtin14(code: string): string {
  if (gtinFormatOf(code) === undefined) throw new RangeError(`Not a GTIN: ${JSON.stringify(code)}`);
  return code.padStart(14, '0');
}

/**
 * Expands a UPC-E to its UPC-A (GS1 General Specifications, UPC-E zero-suppression rules). Accepts
 * the six-digit body (number system 0 assumed), number system + body (7 digits), or the full eight
 * digits; in the last case the check digit must match. Returns undefined for anything else,
 * including number systems other than 0 and 1.
 *
 * @example upcEToUpcA('0425261') // '042100005264'
 * @example upcEToUpcA('00123457') // '001234000057'
 * @example upcEToUpcA('00123450') // undefined  (wrong check digit)
 */
export function upcEToUpcA(upce: string): string | undefined {
  if (!isDigits(upce) || upce.length < 6 || upce.length > 8) return undefined;
  const numberSystem = upce.length === 6 ? '0' : upce.charAt(0);
  if (numberSystem !== '0' && numberSystem !== '1') return undefined;
  const body = upce.length === 6 ? upce : upce.slice(1, 7);
  const d = (i: number): string => body.charAt(i);
  const [d1, d2, d3, d4, d5, last] = [d(0), d(1), d(2), d(3), d(4), d(5)];
  let data: string;
  switch (last) {
    case '0':
    case '1':
    case '2':
      data = `${d1}${d2}${last}0000${d3}${d4}${d5}`;
      break;
    case '3':
      data = `${d1}${d2}${d3}00000${d4}${d5}`;
      break;
    case '4':
      data = `${d1}${d2}${d3}${d4}00000${d5}`;
      break;
    default:
      data = `${d1}${d2}${d3}${d4}${d5}0000${last}`;
  }
  const withoutCheck = numberSystem + data;
  const check = String(gs1CheckDigit(withoutCheck));
  if (upce.length === 8 && upce.charAt(7) !== check) return undefined;
  return withoutCheck + check;
}

/**
 * True for an eight-digit UPC-E (number system 0 or 1) whose check digit is that of its UPC-A
 * expansion.
 *
 * @example isValidUpcE('04252614') // true
 * @example isValidUpcE('04252615') // false
 */
export function isValidUpcE(code: string): boolean {
  return code.length === 8 && upcEToUpcA(code) !== undefined;
}

/**
 * Restricted-circulation numbers must never be looked up as global products: `'region'` is the
 * 020–029 and 200–299 GTIN-13 prefix ranges (in-store and variable-measure numbering defined by the
 * GS1 Member Organisation or retailer), `'company'` is 040–049 and GTIN-8 starting with 0 or 2
 * (company-internal numbering). Source: GS1 General Specifications, GS1 Prefix table (§1.4).
 *
 * @example restrictedCirculation('2100005080002') // 'region'
 * @example restrictedCirculation('4006381333931') // undefined
 */
export function restrictedCirculation(code: string): 'region' | 'company' | undefined {
  const format = gtinFormatOf(code);
  if (format === undefined || format === 'upce') return undefined;
  if (format === 'ean8') return code.startsWith('0') || code.startsWith('2') ? 'company' : undefined;
  // Look at the GTIN-13 inside: a UPC-A gains a leading 0, a GTIN-14 drops its indicator digit.
  const gtin13 = format === 'gtin14' ? code.slice(1) : code.padStart(13, '0');
  if (gtin13.startsWith('2') || gtin13.startsWith('02')) return 'region';
  if (gtin13.startsWith('04')) return 'company';
  return undefined;
}
