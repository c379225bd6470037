import { assertNever } from '../../shared/domain/assertNever';
import type { ProductRow } from '../../shared/sync/protocol';
import type { Cart, CartAction, CartLine } from '../till/cart';
import { cartReducer, emptyCart } from '../till/cart';

/**
 * The till's cart with the lines only scans bring: a weighed item (quantity from the scale label),
 * a price-labelled item (the label's price for one package) and a marked unit (one per marking
 * code, kept byte-exact). These lines never merge with others and keep their quantity; the
 * product's plain lines behave as in `cart.ts`, whose reducer this extends.
 */

/** A Chestny ZNAK / GS1 marking code as scanned, for the fiscal receipt (PRODUCT.md §2.2). */
export type Marking = {
  /** What the fiscal register and GIS MT take: no AIM identifier, GS separators kept. */
  readonly code: string;
  /** The scan exactly as it arrived. */
  readonly raw: string;
  /** GTIN + GS + serial: one physical unit, however the code was printed. */
  readonly unitKey: string;
};

export type TillLine = CartLine & {
  readonly source?: 'weighed' | 'priced' | 'marked';
  readonly marking?: Marking;
};

export type TillCart = { lines: TillLine[]; card: Cart['card'] };

export type TillCartAction =
  | CartAction
  /** 1 g is one thousandth of a kilogram, so grams are the quantity in thousandths. */
  | { type: 'addWeighed'; product: ProductRow; grams: number }
  | { type: 'addPriced'; product: ProductRow; priceMinor: number }
  | { type: 'addMarked'; product: ProductRow; marking: Marking };

export const emptyTillCart: TillCart = { lines: [], card: emptyCart.card };

function freshKey(cart: TillCart, base: string): string {
  const used = new Set(cart.lines.map((line) => line.key));
  if (!used.has(base)) return base;
  let n = 2;
  while (used.has(`${base}~${n}`)) n += 1;
  return `${base}~${n}`;
}

function withLine(cart: TillCart, line: Omit<TillLine, 'key'>, base: string): TillCart {
  return { ...cart, lines: [...cart.lines, { ...line, key: freshKey(cart, base) }] };
}

export function hasMarking(cart: TillCart, unitKey: string): boolean {
  return cart.lines.some((line) => line.marking?.unitKey === unitKey);
}

export function tillCartReducer(cart: TillCart, action: TillCartAction): TillCart {
  switch (action.type) {
    case 'addProduct': {
      const existing = cart.lines.find(
        (line) => line.product.id === action.product.id && line.source === undefined,
      );
      if (existing === undefined)
        return withLine(cart, { product: action.product, quantityMilli: 1000 }, action.product.id);
      return {
        ...cart,
        lines: cart.lines.map((line) =>
          line === existing ? { ...line, quantityMilli: line.quantityMilli + 1000 } : line,
        ),
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
      // Each marked unit sells once per receipt (scanners.md §6.4); the till checks first and says so.
      if (hasMarking(cart, action.marking.unitKey)) return cart;
      return withLine(
        cart,
        { product: action.product, quantityMilli: 1000, source: 'marked', marking: action.marking },
        `${action.product.id}:m`,
      );
    case 'setQuantity': {
      const line = cart.lines.find((l) => l.key === action.key);
      // A label's weight or price and a marked unit's one piece are what was scanned; void to undo.
      if (line === undefined || line.source !== undefined) return cart;
      if (action.quantityMilli <= 0) return tillCartReducer(cart, { type: 'voidLine', key: action.key });
      return {
        ...cart,
        lines: cart.lines.map((l) => (l === line ? { ...l, quantityMilli: action.quantityMilli } : l)),
      };
    }
    case 'voidLine':
      return { ...cart, lines: cart.lines.filter((line) => line.key !== action.key) };
    case 'setCard':
    case 'removeCard':
      return { ...cart, card: cartReducer({ lines: [], card: cart.card }, action).card };
    case 'clear':
      return emptyTillCart;
    default:
      return assertNever(action);
  }
}
