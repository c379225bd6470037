/**
 * What the AIM symbology identifier says about the symbol. Names follow ISO/IEC 15424 (Data
 * Carrier Identifiers); `gs1` marks identifiers whose symbol had FNC1 in first position, i.e. its
 * data is a GS1 element string.
 */
export type SymbologyName =
  | 'code39'
  | 'code128'
  | 'gs1_128'
  | 'datamatrix'
  | 'gs1_datamatrix'
  | 'ean_upc'
  | 'ean_upc_add_on'
  | 'ean_add_on'
  | 'ean8'
  | 'gs1_databar'
  | 'codabar'
  | 'code93'
  | 'itf'
  | 'pdf417'
  | 'qr'
  | 'gs1_qr'
  | 'aztec'
  | 'other'
  | 'unlisted';

export type Symbology = {
  /** The identifier exactly as transmitted, e.g. `]d2`. */
  readonly id: string;
  readonly code: string;
  readonly modifier: string;
  readonly name: SymbologyName;
  readonly gs1: boolean;
};

export type AimSplit =
  | { readonly kind: 'none'; readonly data: string }
  | { readonly kind: 'aim'; readonly symbology: Symbology; readonly data: string }
  | { readonly kind: 'malformed' };

// Code characters as ISO/IEC 15424 assigns them; identifiers whose modifier changes the meaning are
// listed whole.
// The GS1 set (C1, d2, Q3, e0) is the one GS1's own scan-data routines accept as element strings
// (gs1/gs1-barcode-engine, scandata.c); d5/Q4 are the same symbols with an ECI in front.
const BY_CODE: Readonly<Record<string, SymbologyName>> = {
  A: 'code39',
  C: 'code128',
  d: 'datamatrix',
  E: 'ean_upc',
  e: 'gs1_databar',
  F: 'codabar',
  G: 'code93',
  I: 'itf',
  L: 'pdf417',
  Q: 'qr',
  z: 'aztec',
  X: 'other',
};

const BY_ID: Readonly<Record<string, SymbologyName>> = {
  ']C1': 'gs1_128',
  ']d2': 'gs1_datamatrix',
  ']d5': 'gs1_datamatrix',
  ']Q3': 'gs1_qr',
  ']Q4': 'gs1_qr',
  ']E1': 'ean_add_on',
  ']E2': 'ean_add_on',
  ']E3': 'ean_upc_add_on',
  ']E4': 'ean8',
};

const GS1_NAMES: ReadonlySet<SymbologyName> = new Set(['gs1_128', 'gs1_datamatrix', 'gs1_qr', 'gs1_databar']);

const CODE_CHAR = /^[A-Za-z]$/;
const MODIFIER_CHAR = /^[0-9A-Za-z]$/;

/**
 * Describes one AIM identifier (`]` + code character + modifier). Returns undefined when the three
 * characters are not shaped like one. Unlisted code characters are still identifiers: they are
 * reported as `unlisted` rather than rejected, so a new scanner symbology does not break scanning.
 *
 * @example describeSymbology(']d2') // { id: ']d2', code: 'd', modifier: '2', name: 'gs1_datamatrix', gs1: true }
 * @example describeSymbology(']E0')?.name // 'ean_upc'
 */
export function describeSymbology(id: string): Symbology | undefined {
  if (id.length !== 3 || id.charAt(0) !== ']') return undefined;
  const code = id.charAt(1);
  const modifier = id.charAt(2);
  if (!CODE_CHAR.test(code) || !MODIFIER_CHAR.test(modifier)) return undefined;
  const name = BY_ID[id] ?? BY_CODE[code] ?? 'unlisted';
  return { id, code, modifier, name, gs1: GS1_NAMES.has(name) };
}

/**
 * Splits a leading AIM symbology identifier off a scan. A scan that does not start with `]` has
 * none; one that starts with `]` but not with a well-formed identifier is `malformed`. Scanners
 * send the identifier in front of the data (ISO/IEC 15424), so only the start is examined.
 *
 * @example splitSymbology(']E04006381333931') // { kind: 'aim', symbology: {...}, data: '4006381333931' }
 * @example splitSymbology('4006381333931') // { kind: 'none', data: '4006381333931' }
 */
export function splitSymbology(raw: string): AimSplit {
  if (raw.charAt(0) !== ']') return { kind: 'none', data: raw };
  const symbology = describeSymbology(raw.slice(0, 3));
  if (symbology === undefined) return { kind: 'malformed' };
  return { kind: 'aim', symbology, data: raw.slice(3) };
}

/**
 * Puts an AIM identifier in front of data, e.g. to build fixtures that look like a real scanner.
 *
 * @example withSymbology(']E0', '4006381333931') // ']E04006381333931'
 */
export function withSymbology(id: string, data: string): string {
  if (describeSymbology(id) === undefined)
    throw new RangeError(`Not an AIM identifier: ${JSON.stringify(id)}`);
  return id + data;
}
