import { describe, expect, it } from 'vitest';
import { classifyScan, defaultScanConfig, gs1CheckDigit } from '../../../shared/barcode';
import { lineTotal } from '../../../shared/domain/money';
import type { CardRow, ProductRow } from '../../../shared/sync/protocol';
import { cartReducer, cartTotal, emptyCart, type Cart } from '../../../renderer/till/cart';
import type { CatalogLookup, ScanOutcome } from '../../../renderer/scanner/scanToCart';
import { gtinCandidates, scanToCart } from '../../../renderer/scanner/scanToCart';
import { demoCardNumber } from '../../../server/seed/demoData';

const GS = '\x1d';
const ean13 = (body12: string) => `${body12}${gs1CheckDigit(body12)}`;

const milk: ProductRow = { id: 'p-milk', gtin: '4601234567893', name: 'Milk', priceMinor: 8990 };
// A scale item: the catalog keeps the label with its value zeroed (docs/scanners.md §6.2).
const cheese: ProductRow = {
  id: 'p-cheese',
  gtin: ean13('210000500000'),
  name: 'Cheese by weight',
  priceMinor: 79900,
};
// A scale item HQ gave an item code; its own GTIN is an in-house number no label carries.
const plums: ProductRow = {
  id: 'p-plums',
  gtin: ean13('200077700000'),
  name: 'Plums by weight',
  priceMinor: 24900,
  itemCode: '00777',
};
const cake: ProductRow = { id: 'p-cake', gtin: ean13('230001200000'), name: 'Cake, priced', priceMinor: 0 };
// Shoes are under mandatory marking in Russia: sold by each pair's code only.
const shoes: ProductRow = {
  id: 'p-shoes',
  gtin: '4690257528523',
  name: 'Shoes',
  priceMinor: 499900,
  marked: true,
};
const knownCard: CardRow = {
  number: demoCardNumber(1),
  customerId: 'c1',
  maskedName: 'Anna P.',
  status: 'active',
};
const blockedCard: CardRow = {
  number: demoCardNumber(2),
  customerId: 'c2',
  maskedName: 'Ivan S.',
  status: 'blocked',
};

const lookup: CatalogLookup = {
  card: (number) => Promise.resolve([knownCard, blockedCard].find((c) => c.number === number)),
  product: (gtin) => Promise.resolve([milk, cheese, plums, cake, shoes].find((p) => p.gtin === gtin)),
  productByItemCode: (code) => Promise.resolve([milk, cheese, plums].find((p) => p.itemCode === code)),
};

/** Classifies `raw` as the stream does, applies the outcome, and returns both. */
async function scan(raw: string, cart: Cart = emptyCart): Promise<{ outcome: ScanOutcome; cart: Cart }> {
  const outcome = await scanToCart(classifyScan(raw, defaultScanConfig), cart, lookup);
  return { outcome, cart: outcome.action ? cartReducer(cart, outcome.action) : cart };
}

const marking = (serial: string) => `${GS}010469025752852321${serial}${GS}91EE05${GS}92dGVzdA==`;

describe('a scan at the till', () => {
  it('a known card shows the customer; an unknown card of the scheme keeps its number', async () => {
    expect((await scan(knownCard.number)).cart.card).toEqual({ number: knownCard.number, known: knownCard });
    const unknown = demoCardNumber(99);
    expect((await scan(unknown)).cart.card).toEqual({ number: unknown, known: null });
  });

  it('refuses a blocked card with a message', async () => {
    const { outcome, cart } = await scan(blockedCard.number);
    expect(cart.card).toBeNull();
    expect(outcome.notice).toEqual({ key: 'scan.cardBlocked', detail: blockedCard.number });
  });

  it('adds a product by its GTIN however it was printed, and again as one more piece', async () => {
    let { cart } = await scan(milk.gtin);
    ({ cart } = await scan(`]E0${milk.gtin}`, cart));
    expect(cart.lines.map((l) => [l.product.id, l.quantityMilli])).toEqual([[milk.id, 2000]]);
    expect(gtinCandidates('00012345678905')).toEqual(['0012345678905', '00012345678905', '012345678905']);
  });

  it('says which product is missing', async () => {
    const missing = ean13('460999999999');
    expect((await scan(missing)).outcome.notice).toEqual({ key: 'scan.noProduct', detail: missing });
  });

  it('a weight label adds its item with the grams as quantity, on a line of its own', async () => {
    let { cart } = await scan(ean13('210000501250'));
    ({ cart } = await scan(ean13('210000500500'), cart));
    expect(cart.lines.map((l) => [l.product.id, l.quantityMilli, l.source])).toEqual([
      [cheese.id, 1250, 'weighed'],
      [cheese.id, 500, 'weighed'],
    ]);
    expect(new Set(cart.lines.map((l) => l.key)).size).toBe(2);
    expect(cartTotal(cart)).toBe(lineTotal(1250, 79900) + lineTotal(500, 79900));
    // The weight is what the scale printed: +/− do not change it, void removes it.
    const key = cart.lines[0]!.key;
    expect(cartReducer(cart, { type: 'setQuantity', key, quantityMilli: 2250 })).toBe(cart);
    expect(cartReducer(cart, { type: 'voidLine', key }).lines).toHaveLength(1);
  });

  it('a price label adds one package at the printed price', async () => {
    const { cart } = await scan(ean13('230001201999'));
    expect(cart.lines.map((l) => [l.product.id, l.quantityMilli, l.product.priceMinor])).toEqual([
      [cake.id, 1000, 1999],
    ]);
    expect(cartTotal(cart)).toBe(1999);
  });

  it('a scale label for an item the catalog lacks, or without a value, says so', async () => {
    expect((await scan(ean13('219999901250'))).outcome.notice).toEqual({
      key: 'scan.noScaleItem',
      detail: '99999',
    });
    expect((await scan(ean13('210000500000'))).outcome.notice).toMatchObject({ key: 'scan.zeroValue' });
  });

  it('a marking code adds its product and keeps the code byte-exact on the line', async () => {
    const raw = `]d2${marking('G+mgsHw<DiLN_').slice(1)}`;
    const { cart } = await scan(raw);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]).toMatchObject({ product: shoes, quantityMilli: 1000, source: 'marked' });
    expect(cart.lines[0]!.marking).toEqual({
      code: `010469025752852321G+mgsHw<DiLN_${GS}91EE05${GS}92dGVzdA==`,
      raw,
      unitKey: `04690257528523${GS}G+mgsHw<DiLN_`,
    });
  });

  it("refuses a marked product's plain barcode, naming it; its unit's code adds it", async () => {
    const plain = await scan('4690257528523');
    expect(plain.outcome).toEqual({ notice: { key: 'scan.markedNeedsCode', detail: 'Shoes' } });
    expect(plain.cart.lines).toEqual([]);
    const coded = await scan(marking('SERIAL0000009'));
    expect(coded.cart.lines).toHaveLength(1);
    expect(coded.cart.lines[0]).toMatchObject({ product: shoes, quantityMilli: 1000, source: 'marked' });
  });

  it('refuses the same marked unit twice in a sale, but takes another unit of the product', async () => {
    let { cart } = await scan(marking('SERIAL0000001'));
    const again = await scan(marking('SERIAL0000001'), cart);
    expect(again.outcome.notice).toEqual({ key: 'scan.duplicateMarking', detail: 'SERIAL0000001' });
    expect(again.cart).toBe(cart);
    ({ cart } = await scan(marking('SERIAL0000002'), cart));
    expect(cart.lines.map((l) => [l.source ?? 'plain', l.quantityMilli])).toEqual([
      ['marked', 1000],
      ['marked', 1000],
    ]);
    // Even if two scans race past the check, the cart keeps one line per unit.
    const first = cart.lines[0]!;
    const racing = cartReducer(cart, { type: 'addMarked', product: shoes, marking: first.marking! });
    expect(racing).toBe(cart);
  });

  it('explains unknown scans by their reason', async () => {
    expect((await scan('4601234567890')).outcome.notice).toEqual({
      key: 'scan.unknown.bad_check_digit',
      detail: '4601234567890',
    });
    expect((await scan('hello')).outcome.notice).toEqual({
      key: 'scan.unknown.unrecognized',
      detail: 'hello',
    });
    expect((await scan(`]d2${GS}01046902575285232`)).outcome.notice?.key).toMatch(/^scan\.unknown\./);
  });

  it('a weighed or priced label resolves to the product by the item code HQ gave it', async () => {
    // Prefix 21 and 22 carry grams, 23 a price; all three name item 00777 in digits 3–7.
    let { cart } = await scan(ean13('210077701250'));
    ({ cart } = await scan(ean13('220077700400'), cart));
    ({ cart } = await scan(ean13('230077703150'), cart));
    expect(cart.lines.map((l) => [l.product.id, l.quantityMilli, l.source])).toEqual([
      [plums.id, 1250, 'weighed'],
      [plums.id, 400, 'weighed'],
      [plums.id, 1000, 'priced'],
    ]);
    expect(cart.lines[2]?.product.priceMinor).toBe(3150);
    expect((await scan(ean13('210077801250'))).outcome.notice).toEqual({
      key: 'scan.noScaleItem',
      detail: '00778',
    });
  });

  it('finds a card the synced list has even when the configured schemes do not describe it', async () => {
    const odd: CardRow = { number: 'VIP-7', customerId: 'c3', maskedName: 'Olga V.', status: 'active' };
    const withOdd: CatalogLookup = {
      ...lookup,
      card: (n) => Promise.resolve(n === odd.number ? odd : undefined),
    };
    const outcome = await scanToCart(classifyScan('VIP-7', defaultScanConfig), emptyCart, withOdd);
    expect(outcome.action).toEqual({ type: 'setCard', number: 'VIP-7', known: odd });
  });

  it('order and receipt-link codes are not for the sale and say where they belong', async () => {
    const order = await scan('OMNI-O:WEB-10042:x7Kq9PzA');
    expect(order.outcome.notice).toEqual({ key: 'scan.order', detail: 'WEB-10042' });
    expect(order.cart).toBe(emptyCart);
    expect((await scan('OMNI-L:0000000000')).outcome.notice).toEqual({
      key: 'scan.link',
      detail: '0000000000',
    });
  });
});
