import { isDigits } from './checkDigits';
import type { GtinFormat } from './gtin';
import { isValidGtin, upcEToUpcA } from './gtin';
import type { SymbologyName } from './symbology';

export type RetailCode =
  | {
      readonly kind: 'gtin';
      /** The GTIN as printed (UPC-E already expanded to its UPC-A). */
      readonly printed: string;
      readonly gtin14: string;
      readonly format: GtinFormat;
      readonly addOn: string | undefined;
    }
  | { readonly kind: 'bad_check'; readonly format: GtinFormat }
  | { readonly kind: 'none' };

const NONE: RetailCode = { kind: 'none' };

function fromGtin(code: string, format: GtinFormat, addOn?: string): RetailCode {
  if (!isValidGtin(code)) return { kind: 'bad_check', format };
  return { kind: 'gtin', printed: code, gtin14: code.padStart(14, '0'), format, addOn };
}

function fromUpcE(code: string): RetailCode {
  const upcA = upcEToUpcA(code);
  if (upcA !== undefined)
    return { kind: 'gtin', printed: upcA, gtin14: upcA.padStart(14, '0'), format: 'upce', addOn: undefined };
  // Eight digits in number system 0/1 that fail only on the check digit are a misread UPC-E.
  const numberSystem = code.charAt(0);
  return code.length === 8 && (numberSystem === '0' || numberSystem === '1')
    ? { kind: 'bad_check', format: 'upce' }
    : NONE;
}

const FORMAT_BY_LENGTH: Readonly<Record<number, GtinFormat>> = { 12: 'upca', 13: 'ean13', 14: 'gtin14' };

/**
 * Reads digits as an EAN/UPC/GTIN, using the AIM identifier when there is one. `]E0` covers
 * EAN-13, UPC-A and UPC-E (GS1 scan data sends 13 digits, but many scanners send UPC-A as 12 and
 * UPC-E as 6–8, docs/scanners.md §4.4); `]E4` is EAN-8; `]E3` carries a 2- or 5-digit add-on. Without an
 * identifier the length decides, and eight digits are tried as EAN-8 before UPC-E.
 *
 * @example readRetailCode('04252614', 'ean_upc') // { kind: 'gtin', printed: '042100005264', gtin14: '00042100005264', format: 'upce', ... }
 */
export function readRetailCode(data: string, symbology: SymbologyName | undefined): RetailCode {
  if (!isDigits(data)) return NONE;
  // Only three identifiers change the reading; every other one (ITF-14, Code 128 shelf labels, none
  // at all) goes by length, so this is a chain of ifs rather than a switch over every symbology.
  if (symbology === 'ean8') return data.length === 8 ? fromGtin(data, 'ean8') : NONE;
  if (symbology === 'ean_upc') {
    const format = FORMAT_BY_LENGTH[data.length];
    if (format === 'ean13' || format === 'upca') return fromGtin(data, format);
    return data.length >= 6 && data.length <= 8 ? fromUpcE(data) : NONE;
  }
  if (symbology === 'ean_upc_add_on') {
    for (const mainLength of [13, 12]) {
      const addOnLength = data.length - mainLength;
      const format = FORMAT_BY_LENGTH[mainLength];
      if ((addOnLength === 2 || addOnLength === 5) && format !== undefined) {
        return fromGtin(data.slice(0, mainLength), format, data.slice(mainLength));
      }
    }
    return NONE;
  }
  if (data.length === 8) return isValidGtin(data) ? fromGtin(data, 'ean8') : orEan8(fromUpcE(data));
  const format = FORMAT_BY_LENGTH[data.length];
  return format === undefined ? NONE : fromGtin(data, format);
}

function orEan8(upcE: RetailCode): RetailCode {
  return upcE.kind === 'none' ? { kind: 'bad_check', format: 'ean8' } : upcE;
}
