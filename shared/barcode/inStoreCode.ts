import { gs1CheckDigit, priceCheckDigit } from './checkDigits';
import type { DigitRange, InStoreRule } from './scanConfig';

export type InStoreMatch =
  | {
      readonly kind: 'weighted';
      readonly rule: InStoreRule;
      readonly itemCode: string;
      /** Grams or minor currency units, per the rule's `valueKind`. */
      readonly value: number;
      /** The label's EAN-13 with the value (and price check digit) zeroed and the check digit redone. */
      readonly baseGtin13: string;
    }
  | { readonly kind: 'bad_price_check'; readonly rule: InStoreRule }
  | { readonly kind: 'none' };

function digits(code: string, range: DigitRange): string {
  return code.slice(range.first - 1, range.last);
}

function zeroed(code: string, from: number, to: number): string {
  return code.slice(0, from - 1) + '0'.repeat(to - from + 1) + code.slice(to);
}

/**
 * Reads an in-store weight or price label (an EAN-13 with a GS1 prefix 20–29) by the first rule
 * whose prefix it carries. The EAN-13 check digit must already have been verified: validating
 * before matching is what catches misprinted labels (docs/scanners.md §6.2). The base GTIN is the key
 * the item is stored under, found the way Odoo's barcode nomenclature does it: value digits zeroed,
 * check digit recomputed.
 *
 * @example matchInStoreCode('2100005080002', rules)
 * // { kind: 'weighted', itemCode: '00005', value: 8000, baseGtin13: '2100005000000', rule: ... }
 */
export function matchInStoreCode(ean13: string, rules: readonly InStoreRule[]): InStoreMatch {
  if (ean13.length !== 13) return { kind: 'none' };
  const rule = rules.find((candidate) => ean13.startsWith(candidate.prefix));
  if (rule === undefined) return { kind: 'none' };
  const valueDigits = digits(ean13, rule.value);
  let zeroFrom = rule.value.first;
  if (rule.priceCheckDigit) {
    // The schema allows a verifier digit only before a 4- or 5-digit value; an unchecked config
    // that breaks this cannot be read safely, so the rule is ignored rather than trusted.
    if (valueDigits.length !== 4 && valueDigits.length !== 5) return { kind: 'none' };
    zeroFrom -= 1;
    if (ean13.charAt(zeroFrom - 1) !== String(priceCheckDigit(valueDigits))) {
      return { kind: 'bad_price_check', rule };
    }
  }
  const base12 = zeroed(ean13, zeroFrom, rule.value.last).slice(0, 12);
  return {
    kind: 'weighted',
    rule,
    itemCode: digits(ean13, rule.itemCode),
    value: Number(valueDigits),
    baseGtin13: base12 + String(gs1CheckDigit(base12)),
  };
}
