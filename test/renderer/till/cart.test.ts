import { describe, expect, it } from 'vitest';
import { cartReducer, cartTotal, emptyCart } from '../../../renderer/till/cart';

const milk = { id: 'p1', gtin: '4601234567893', name: 'Milk', priceMinor: 8990 };
const bread = { id: 'p2', gtin: '4600000000008', name: 'Bread', priceMinor: 5490 };

describe('the cart', () => {
  it('adds a scanned product again as one more piece on its line', () => {
    let cart = cartReducer(emptyCart, { type: 'addProduct', product: milk });
    cart = cartReducer(cart, { type: 'addProduct', product: bread });
    cart = cartReducer(cart, { type: 'addProduct', product: milk });
    expect(cart.lines.map((l) => [l.product.name, l.quantityMilli])).toEqual([
      ['Milk', 2000],
      ['Bread', 1000],
    ]);
    expect(cartTotal(cart)).toBe(2 * 8990 + 5490);
  });

  it('voids a line when its quantity goes to zero or on request', () => {
    let cart = cartReducer(emptyCart, { type: 'addProduct', product: milk });
    cart = cartReducer(cart, { type: 'addProduct', product: bread });
    cart = cartReducer(cart, { type: 'setQuantity', key: 'p1', quantityMilli: 0 });
    expect(cart.lines.map((l) => l.key)).toEqual(['p2']);
    cart = cartReducer(cart, { type: 'voidLine', key: 'p2' });
    expect(cartTotal(cart)).toBe(0);
  });
});
