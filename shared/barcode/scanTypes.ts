import type { Gs1Element } from './gs1ElementString';
import type { GtinFormat } from './gtin';
import type { MarkingFields } from './markingCode';
import type { Symbology } from './symbology';
import type { ValueKind } from './scanConfig';

/**
 * Fields every scan carries: the exact input and, when the scanner sent one, its AIM identifier.
 * Optional fields are present as `undefined` when they do not apply (one object shape per kind).
 */
type ScanBase = {
  /** The input exactly as given to `classifyScan`, byte for byte. */
  readonly raw: string;
  readonly symbology?: Symbology;
};

export type CardScan = ScanBase & {
  readonly kind: 'card';
  /** The configured scheme's name. */
  readonly scheme: string;
  /** The card number as stored: digits, or upper-cased for letter cards. */
  readonly number: string;
};

export type ProductScan = ScanBase & {
  readonly kind: 'product';
  /** GTIN-14: the one key for the product however it was printed (UPC-E expanded, EAN-8 padded). */
  readonly gtin: string;
  readonly format: GtinFormat;
  /** Set for restricted-circulation numbers, which are looked up in the store's own catalog only. */
  readonly restricted?: 'region' | 'company';
  /** A 2- or 5-digit EAN add-on (AIM `]E3`). */
  readonly addOn?: string;
  /** The element string's other fields when the product came as GS1 data (expiry, lot, weight). */
  readonly gs1?: readonly Gs1Element[];
};

export type WeightedScan = ScanBase & {
  readonly kind: 'weighted';
  /** The in-store rule's name. */
  readonly rule: string;
  /** GTIN-14 of the label as printed. */
  readonly gtin: string;
  /** GTIN-14 with the value zeroed and the check digit redone: the item's catalog key. */
  readonly baseGtin: string;
  readonly itemCode: string;
  readonly valueKind: ValueKind;
  /** Grams for `weight_grams`, minor currency units for `price_minor`. */
  readonly value: number;
};

export type MarkingScan = ScanBase &
  MarkingFields & {
    readonly kind: 'marking';
    /**
     * The marking code as the fiscal register and GIS MT take it: `raw` without the AIM identifier
     * and without a leading FNC1 sent as GS; every other byte, GS separators included, untouched.
     */
    readonly code: string;
    readonly elements: readonly Gs1Element[];
  };

export type OrderScan = ScanBase & {
  readonly kind: 'order';
  readonly orderNumber: string;
  readonly pickupToken?: string;
};

export type LinkScan = ScanBase & {
  readonly kind: 'link';
  /** The canonical ten-symbol code. */
  readonly code: string;
  readonly form: 'prefixed' | 'url';
  readonly host?: string;
};

export type UnknownReason =
  | 'empty'
  | 'too_long'
  | 'bad_symbology_identifier'
  | 'bad_check_digit'
  | 'bad_gs1'
  | 'no_gtin'
  | 'bad_order_qr'
  | 'bad_link_code'
  | 'format_disabled'
  | 'unrecognized';

export type UnknownScan = ScanBase & {
  readonly kind: 'unknown';
  readonly reason: UnknownReason;
  /** A short machine-readable detail for logs, e.g. `unknown_ai@16`. */
  readonly detail?: string;
};

export type Scan = CardScan | ProductScan | WeightedScan | MarkingScan | OrderScan | LinkScan | UnknownScan;
export type ScanKind = Scan['kind'];
