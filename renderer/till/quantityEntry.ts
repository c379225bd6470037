/**
 * What the scan field's text means before it is a code. POS practice (Frontol, Set Retail, 1C's
 * cashier's workplace): the quantity is typed first, then the multiply key, then the item is
 * scanned: `3*` then scan sells three. `*3` then Enter sets the selected line to three, the
 * keypad way of correcting a line already scanned (F4 does the same with the digits typed).
 * Piece goods only, whole pieces, up to `MAX_PIECES`.
 */
export type QuantityEntry =
  | { readonly kind: 'before'; readonly pieces: number }
  | { readonly kind: 'line'; readonly pieces: number }
  | { readonly kind: 'none' };

export const MAX_PIECES = 9999;

/**
 * @example quantityEntry('3*') // { kind: 'before', pieces: 3 }
 * @example quantityEntry('*12') // { kind: 'line', pieces: 12 }
 * @example quantityEntry('4601234567893') // { kind: 'none' }
 */
export function quantityEntry(text: string): QuantityEntry {
  const before = /^(\d{1,4})\*$/.exec(text.trim());
  const line = /^\*(\d{1,4})$/.exec(text.trim());
  const digits = before?.[1] ?? line?.[1];
  if (digits === undefined) return { kind: 'none' };
  const pieces = Number(digits);
  if (pieces < 1 || pieces > MAX_PIECES) return { kind: 'none' };
  return { kind: before ? 'before' : 'line', pieces };
}

/** Digits alone in the field, for F4 after typing a quantity on the keypad. */
export function typedPieces(text: string): number | undefined {
  const match = /^\d{1,4}$/.exec(text.trim());
  if (!match) return undefined;
  const pieces = Number(match[0]);
  return pieces >= 1 && pieces <= MAX_PIECES ? pieces : undefined;
}
