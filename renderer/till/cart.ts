import { assertNever } from '../../shared/domain/assertNever';
import { lineTotal } from '../../shared/domain/money';
import type { CardRow, ProductRow } from '../../shared/sync/protocol';

export type CartLine = { key: string; product: ProductRow; quantityMilli: number };

export type Cart = {
  lines: CartLine[];
  card: { number: string; known: CardRow | null } | null;
};

export type CartAction =
  | { type: 'addProduct'; product: ProductRow }
  | { type: 'setQuantity'; key: string; quantityMilli: number }
  | { type: 'voidLine'; key: string }
  | { type: 'setCard'; number: string; known: CardRow | null }
  | { type: 'removeCard' }
  | { type: 'clear' };

export const emptyCart: Cart = { lines: [], card: null };

/** The sale being built at the till. Pure, so it is tested without a screen. */
export function cartReducer(cart: Cart, action: CartAction): Cart {
  switch (action.type) {
    case 'addProduct': {
      // Scanning the same piece goods again adds one to its line, as cashiers expect.
      const existing = cart.lines.find((l) => l.product.id === action.product.id);
      if (existing) {
        return {
          ...cart,
          lines: cart.lines.map((l) =>
            l === existing ? { ...l, quantityMilli: l.quantityMilli + 1000 } : l,
          ),
        };
      }
      return {
        ...cart,
        lines: [...cart.lines, { key: action.product.id, product: action.product, quantityMilli: 1000 }],
      };
    }
    case 'setQuantity':
      if (action.quantityMilli <= 0) return cartReducer(cart, { type: 'voidLine', key: action.key });
      return {
        ...cart,
        lines: cart.lines.map((l) =>
          l.key === action.key ? { ...l, quantityMilli: action.quantityMilli } : l,
        ),
      };
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

export function cartTotal(cart: Cart): number {
  return cart.lines.reduce((sum, l) => sum + lineTotal(l.quantityMilli, l.product.priceMinor), 0);
}
