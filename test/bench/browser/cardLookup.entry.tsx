import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { classifyScan, defaultScanConfig, gs1CheckDigit } from '../../../shared/barcode';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import type { CardRow } from '../../../shared/sync/protocol';
import { findCard, findProductByGtin, findProductByItemCode } from '../../../renderer/db/catalog';
import { openTillDb } from '../../../renderer/db/database';
import { scanToCart, type CatalogLookup } from '../../../renderer/scanner/scanToCart';
import { cartReducer, emptyCart, type Cart } from '../../../renderer/till/cart';
import { CustomerPanel } from '../../../renderer/till/CustomerPanel';

/**
 * Runs inside Chromium: loads `cards` loyalty cards into a fresh till database, then times the
 * till's path from a card scan to the customer panel's DOM holding that customer: the barcode
 * grammar, `scanToCart` with the till's own `findCard`, the cart reducer, and React rendering the
 * real `CustomerPanel` synchronously (`flushSync`). It stops at the DOM update, not at the paint:
 * the next frame comes on the display's clock, whatever the work took.
 */
const PAGE = 20_000;

const cardNumber = (serial: number) => {
  const body = `299${String(serial).padStart(9, '0')}`;
  return body + String(gs1CheckDigit(body));
};

async function measure(cards: number, lookups: number) {
  const db = openTillDb(`bench-cards-${uuidv7()}`);
  await db.open();
  const fillStarted = performance.now();
  for (let start = 1; start <= cards; start += PAGE) {
    const rows: CardRow[] = [];
    for (let serial = start; serial < Math.min(start + PAGE, cards + 1); serial++) {
      rows.push({
        number: cardNumber(serial),
        customerId: `c-${serial}`,
        maskedName: `Customer ${serial} P.`,
        status: 'active',
      });
    }
    await db.cards.bulkPut(rows);
  }
  const fillMs = performance.now() - fillStarted;
  const stored = await db.cards.count();

  const lookup: CatalogLookup = {
    card: (number) => findCard(db, number),
    product: (gtin) => findProductByGtin(db, gtin),
    productByItemCode: (code) => findProductByItemCode(db, code),
  };
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  const panel = (cart: Cart) => (
    <CustomerPanel
      db={db}
      cart={cart}
      onCard={() => undefined}
      onCode={() => undefined}
      onRemove={() => undefined}
      issuing={false}
      onIssuing={() => undefined}
    />
  );
  flushSync(() => root.render(panel(emptyCart)));

  const times: number[] = [];
  let state = 12345;
  for (let i = 0; i < lookups; i++) {
    // A different card each time, spread over the whole table, so no lookup rides on the last.
    state = (state * 1103515245 + 12345) % 2147483648;
    const serial = 1 + (state % cards);
    const raw = cardNumber(serial);
    const started = performance.now();
    const outcome = await scanToCart(classifyScan(raw, defaultScanConfig), emptyCart, lookup);
    const cart = outcome.action ? cartReducer(emptyCart, outcome.action) : emptyCart;
    flushSync(() => root.render(panel(cart)));
    const shown = host.querySelector('.customer-name')?.textContent;
    times.push(performance.now() - started);
    if (shown !== `Customer ${serial} P.`) throw new Error(`panel shows ${String(shown)} for card ${raw}`);
  }
  root.unmount();
  host.remove();
  await db.delete();
  return { times, stored, fillMs };
}

(globalThis as unknown as { omnitillBench: unknown }).omnitillBench = { measure };
