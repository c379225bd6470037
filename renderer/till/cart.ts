import { assertNever } from '../../shared/domain/assertNever';
import { lineTotal } from '../../shared/domain/money';
import type { CardRow, ProductRow } from '../../shared/sync/protocol';

/** A Chestny ZNAK / GS1 marking code as scanned, for the fiscal receipt (docs/scanners.md §6.5). */
export type Marking = {
  /** What the fiscal register and GIS MT take: no AIM identifier, GS separators kept. */
  readonly code: string;
  /** The scan exactly as it arrived. */
  readonly raw: string;
  /** GTIN + GS + serial: one physical unit, however the code was printed. */
  readonly unitKey: string;
};

/**
 * A line of the sale. Plain lines count pieces and merge when scanned again; lines a scan made
 * from a label (`weighed`: the scale's weight, `priced`: the label's price, `marked`: one marked
 * unit) keep what was scanned and never merge.
 */
export type CartLine = {
  readonly key: string;
  readonly product: ProductRow;
  readonly quantityMilli: number;
  readonly source?: 'weighed' | 'priced' | 'marked';
  readonly marking?: Marking;
};

export type Cart = {
  lines: CartLine[];
  card: { number: string; known: CardRow | null } | null;
};

export type CartAction =
  /** `quantityMilli` is what a `3*` before the scan asked for; one piece when absent. */
  | { type: 'addProduct'; product: ProductRow; quantityMilli?: number }
  /** 1 g is one thousandth of a kilogram, so grams are the quantity in thousandths. */
  | { type: 'addWeighed'; product: ProductRow; grams: number }
  | { type: 'addPriced'; product: ProductRow; priceMinor: number }
  | { type: 'addMarked'; product: ProductRow; marking: Marking }
  | { type: 'setQuantity'; key: string; quantityMilli: number }
  | { type: 'voidLine'; key: string }
  | { type: 'setCard'; number: string; known: CardRow | null }
  | { type: 'removeCard' }
  | { type: 'clear' };

export const emptyCart: Cart = { lines: [], card: null };

export function hasMarking(cart: Cart, unitKey: string): boolean {
  return cart.lines.some((line) => line.marking?.unitKey === unitKey);
}

/** The sale being built at the till. Pure, so it is tested without a screen. */
export function cartReducer(cart: Cart, action: CartAction): Cart {
  switch (action.type) {
    case 'addProduct': {
      // Scanning the same piece goods again adds one to its line, as cashiers expect.
      const added = action.quantityMilli ?? 1000;
      if (!Number.isSafeInteger(added) || added <= 0) return cart;
      const existing = cart.lines.find((l) => l.product.id === action.product.id && l.source === undefined);
      if (!existing)
        return withLine(cart, { product: action.product, quantityMilli: added }, action.product.id);
      return {
        ...cart,
        lines: cart.lines.map((l) => (l === existing ? { ...l, quantityMilli: l.quantityMilli + added } : l)),
      };
    }
    case 'addWeighed':
      if (action.grams <= 0) return cart;
      return withLine(
        cart,
        { product: action.product, quantityMilli: action.grams, source: 'weighed' },
        `${action.product.id}:w`,
      );
    case 'addPriced':
      return withLine(
        cart,
        {
          product: { ...action.product, priceMinor: action.priceMinor },
          quantityMilli: 1000,
          source: 'priced',
        },
        `${action.product.id}:p`,
      );
    case 'addMarked':
      // Each marked unit sells once per receipt (docs/scanners.md §6.5); the till checks first and says so.
      if (hasMarking(cart, action.marking.unitKey)) return cart;
      return withLine(
        cart,
        { product: action.product, quantityMilli: 1000, source: 'marked', marking: action.marking },
        `${action.product.id}:m`,
      );
    case 'setQuantity': {
      const line = cart.lines.find((l) => l.key === action.key);
      // A label's weight or price and a marked unit's one piece are what was scanned; void to undo.
      if (!line || line.source !== undefined) return cart;
      if (action.quantityMilli <= 0) return cartReducer(cart, { type: 'voidLine', key: action.key });
      return {
        ...cart,
        lines: cart.lines.map((l) => (l === line ? { ...l, quantityMilli: action.quantityMilli } : l)),
      };
    }
    case 'voidLine':
      return { ...cart, lines: cart.lines.filter((l) => l.key !== action.key) };
    case 'setCard':
      return { ...cart, card: { number: action.number, known: action.known } };
    case 'removeCard':
      return { ...cart, card: null };
    case 'clear':
      return emptyCart;
    default:
      return assertNever(action);
  }
}

/**
 * The line an action added or changed, for the till to select and scroll to; undefined when the
 * action touched no line (a void, a card, a refused edit).
 */
export function touchedLine(before: Cart, after: Cart): string | undefined {
  const old = new Map(before.lines.map((l) => [l.key, l]));
  for (let i = after.lines.length - 1; i >= 0; i--) {
    const line = after.lines[i]!;
    if (old.get(line.key) !== line) return line.key;
  }
  return undefined;
}

export function cartTotal(cart: Cart): number {
  return cart.lines.reduce((sum, l) => sum + lineTotal(l.quantityMilli, l.product.priceMinor), 0);
}

function withLine(cart: Cart, line: Omit<CartLine, 'key'>, base: string): Cart {
  const used = new Set(cart.lines.map((l) => l.key));
  let key = base;
  for (let n = 2; used.has(key); n++) key = `${base}~${n}`;
  return { ...cart, lines: [...cart.lines, { ...line, key }] };
}
