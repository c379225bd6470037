import { describe, expect, it } from 'vitest';
import { decodeKey } from '../../../renderer/scanner/keyDecoder';
import { defaultWedgeSettings } from '../../../renderer/scanner/wedgeSettings';
import { cartReducer, emptyCart, touchedLine } from '../../../renderer/till/cart';
import { APP_HOTKEYS, appHotkeyAction, hotkeyAction, TILL_HOTKEYS } from '../../../renderer/till/hotkeys';
import { quantityEntry, typedPieces } from '../../../renderer/till/quantityEntry';

const milk = { id: 'p1', gtin: '4601234567893', name: 'Milk', priceMinor: 8990 };
const bread = { id: 'p2', gtin: '4600000000008', name: 'Bread', priceMinor: 5490 };

describe('quantity before a scan and on the selected line', () => {
  it('reads 3* as a quantity for the next item and *3 as one for the selected line', () => {
    expect(quantityEntry('3*')).toEqual({ kind: 'before', pieces: 3 });
    expect(quantityEntry('*12')).toEqual({ kind: 'line', pieces: 12 });
    expect(quantityEntry('4601234567893')).toEqual({ kind: 'none' });
    expect(quantityEntry('0*')).toEqual({ kind: 'none' });
    expect(quantityEntry('10000*')).toEqual({ kind: 'none' });
    expect(typedPieces('5')).toBe(5);
    expect(typedPieces('milk')).toBeUndefined();
  });

  it('adds the asked pieces to a new line and to an existing one, and says which line changed', () => {
    let cart = cartReducer(emptyCart, { type: 'addProduct', product: milk, quantityMilli: 3000 });
    cart = cartReducer(cart, { type: 'addProduct', product: bread });
    const before = cart;
    cart = cartReducer(cart, { type: 'addProduct', product: milk, quantityMilli: 2000 });
    expect(cart.lines.map((l) => [l.key, l.quantityMilli])).toEqual([
      ['p1', 5000],
      ['p2', 1000],
    ]);
    expect(touchedLine(before, cart)).toBe('p1');
    expect(touchedLine(cart, cartReducer(cart, { type: 'voidLine', key: 'p2' }))).toBeUndefined();
    expect(cartReducer(cart, { type: 'addProduct', product: milk, quantityMilli: 0 })).toBe(cart);
  });
});

describe('the till’s keys', () => {
  it('are keys no keyboard-wedge scanner types: none is text, GS or a scan suffix', () => {
    for (const { key } of TILL_HOTKEYS) {
      const decoded = decodeKey(
        { key, code: key, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, timeStamp: 0 },
        { f8IsGs: defaultWedgeSettings.f8IsGs },
      );
      expect({ key, kind: decoded.kind }).toEqual({ key, kind: 'other' });
    }
  });

  it('cover every frequent action once and leave Ctrl/Alt combinations to the system', () => {
    const actions = TILL_HOTKEYS.map((h) => h.action);
    expect(new Set(actions).size).toBe(actions.length);
    expect(actions).toEqual(
      expect.arrayContaining(['search', 'card', 'quantity', 'void', 'hold', 'recall', 'pay', 'cancel']),
    );
    expect(hotkeyAction({ key: 'F12', ctrlKey: false, altKey: false, metaKey: false })).toBe('pay');
    expect(hotkeyAction({ key: 'F4', ctrlKey: false, altKey: true, metaKey: false })).toBeUndefined();
  });

  it('give the shift and the sales list Shift+keys, apart from the sale’s own keys', () => {
    const press = (key: string, shiftKey: boolean) =>
      ({ key, shiftKey, ctrlKey: false, altKey: false, metaKey: false }) as const;
    for (const { key } of APP_HOTKEYS) {
      const decoded = decodeKey(
        { key, code: key, shiftKey: true, ctrlKey: false, altKey: false, metaKey: false, timeStamp: 0 },
        { f8IsGs: defaultWedgeSettings.f8IsGs },
      );
      expect({ key, kind: decoded.kind }).toEqual({ key, kind: 'other' });
    }
    expect(APP_HOTKEYS.map((h) => h.action)).toEqual([
      'sales',
      'cashIn',
      'cashOut',
      'xReport',
      'print',
      'signOut',
      'zReport',
    ]);
    expect(appHotkeyAction(press('F9', true))).toBe('signOut');
    expect(appHotkeyAction(press('F7', true))).toBe('print');
    expect(appHotkeyAction(press('F12', true))).toBe('zReport');
    expect(hotkeyAction(press('F12', true))).toBeUndefined();
    expect(appHotkeyAction(press('F12', false))).toBeUndefined();
    expect(hotkeyAction(press('Insert', false))).toBe('issueCard');
    // Shift+F5 reloads and Shift+F10 opens the context menu: never taken.
    expect(APP_HOTKEYS.some((h) => h.key === 'F5' || h.key === 'F10')).toBe(false);
  });
});
