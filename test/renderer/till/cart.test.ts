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

describe('lines from labels and marking codes', () => {
  it('keeps the scale weight, does not merge, and ignores quantity edits', () => {
    let cart = cartReducer(emptyCart, { type: 'addWeighed', product: milk, grams: 1250 });
    cart = cartReducer(cart, { type: 'addWeighed', product: milk, grams: 500 });
    cart = cartReducer(cart, { type: 'setQuantity', key: cart.lines[0]!.key, quantityMilli: 9000 });
    expect(cart.lines.map((l) => [l.source, l.quantityMilli])).toEqual([
      ['weighed', 1250],
      ['weighed', 500],
    ]);
    expect(new Set(cart.lines.map((l) => l.key)).size).toBe(2);
    expect(cartTotal(cart)).toBe(11238 + 4495);
  });

  it('sells each marked unit once per receipt', () => {
    const marking = {
      code: '0104601234567893215abc\u001d93xyz',
      raw: ']d20104601234567893215abc\u001d93xyz',
      unitKey: '04601234567893\u001d5abc',
    };
    let cart = cartReducer(emptyCart, { type: 'addMarked', product: milk, marking });
    cart = cartReducer(cart, { type: 'addMarked', product: milk, marking });
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]!.marking?.raw).toBe(marking.raw);
  });
});
