import type Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import {
  holdBasket,
  listHeldBaskets,
  loadOpenBasket,
  recallBasket,
  saveOpenBasket,
} from '../../../renderer/db/baskets';
import { openTillDb, TILL_DB_VERSION, type TillDb } from '../../../renderer/db/database';
import { setMeta } from '../../../renderer/db/meta';
import { recordSale } from '../../../renderer/db/sales';
import { cartReducer, emptyCart } from '../../../renderer/till/cart';
import { draft, enrolledTillDb } from './support';
import { releasedTillDb, seedEnrolledMeta, queueAsReleased } from './releasedVersions';

const milk = { id: 'p1', gtin: '4601234567893', name: 'Milk 1 l', priceMinor: 8990 };
const bread = { id: 'p2', gtin: '4600000000008', name: 'Bread', priceMinor: 5490 };

describe('till database version 3: the basket lives on disk', () => {
  const opened: Dexie[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.delete();
  });

  it('opens a version 2 database with a queued outbox, leaves it as it was, and starts with an empty basket', async () => {
    const name = `till-v2-${uuidv7()}`;
    const old = releasedTillDb(name, 2);
    opened.push(old);
    await old.open();
    await seedEnrolledMeta(old);
    await old.products.bulkAdd([milk, bread]);
    // recordSale of this build touches the basket table, which version 2 has not: write the queue as v2 did.
    const v3 = openTillDb(`till-src-${uuidv7()}`);
    opened.push(v3);
    await v3.open();
    await setMeta(v3, 'device', (await old.meta.get('device'))!.value as never);
    for (let i = 0; i < 3; i++) await recordSale(v3, draft());
    await old.outbox.bulkAdd(await queueAsReleased(v3));
    await old.sales.bulkAdd(await v3.sales.toArray());
    await old.meta.put({ key: 'counters', value: { nextSeq: 4, nextReceipt: 4 } });
    const queue = await old.outbox.orderBy('seq').toArray();
    const sales = await old.sales.orderBy('seq').toArray();
    const meta = await old.meta.toArray();
    expect(queue).toHaveLength(3);
    old.close();

    const db = openTillDb(name);
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(TILL_DB_VERSION);
    expect(await db.outbox.orderBy('seq').toArray()).toEqual(queue);
    expect(await db.sales.orderBy('seq').toArray()).toEqual(sales);
    expect(await db.meta.toArray()).toEqual(meta);
    expect(await loadOpenBasket(db)).toEqual({ ok: true, basket: { cart: emptyCart, selectedKey: null } });
    expect(await listHeldBaskets(db)).toEqual([]);
    expect((await recordSale(db, draft())).seq).toBe(4);
  });
});

describe('the open basket and held baskets', () => {
  let db: TillDb | undefined;
  afterEach(async () => {
    await db?.delete();
  });

  it('brings back the basket as last written, through a fresh connection as after a reload', async () => {
    db = await enrolledTillDb();
    let cart = cartReducer(emptyCart, { type: 'addProduct', product: milk, quantityMilli: 3000 });
    await saveOpenBasket(db, { cart, selectedKey: 'p1' });
    cart = cartReducer(cart, { type: 'addWeighed', product: bread, grams: 1250 });
    const last = saveOpenBasket(db, { cart, selectedKey: 'p2:w' });
    await last;
    const reopened = openTillDb(db.name);
    await reopened.open();
    expect(await loadOpenBasket(reopened)).toEqual({ ok: true, basket: { cart, selectedKey: 'p2:w' } });
    reopened.close();
  });

  it('holds several baskets in order and recalls one, holding the basket that was open', async () => {
    db = await enrolledTillDb();
    const first = cartReducer(emptyCart, { type: 'addProduct', product: milk });
    const second = cartReducer(emptyCart, { type: 'addProduct', product: bread });
    await holdBasket(db, first);
    await holdBasket(db, second);
    expect((await listHeldBaskets(db)).map((h) => h.cart)).toEqual([first, second]);
    expect(await loadOpenBasket(db)).toEqual({ ok: true, basket: { cart: emptyCart, selectedKey: null } });

    const third = cartReducer(emptyCart, { type: 'addProduct', product: milk, quantityMilli: 2000 });
    await saveOpenBasket(db, { cart: third, selectedKey: 'p1' });
    const firstId = (await listHeldBaskets(db))[0]!.id!;
    expect(await recallBasket(db, firstId, third)).toEqual({ cart: first, selectedKey: 'p1' });
    expect(await loadOpenBasket(db)).toEqual({ ok: true, basket: { cart: first, selectedKey: 'p1' } });
    expect((await listHeldBaskets(db)).map((h) => h.cart)).toEqual([second, third]);
  });

  it('empties the stored basket in the transaction that records the sale, and keeps it when the sale fails', async () => {
    db = await enrolledTillDb();
    const cart = cartReducer(emptyCart, { type: 'addProduct', product: milk });
    await saveOpenBasket(db, { cart, selectedKey: 'p1' });
    // Not enough cash: the sale is refused and the basket is still there to pay again.
    await expect(recordSale(db, draft(1))).rejects.toThrow(/sale not recorded/);
    expect(await loadOpenBasket(db)).toEqual({ ok: true, basket: { cart, selectedKey: 'p1' } });
    await recordSale(db, draft());
    expect(await db.basket.count()).toBe(0);
  });

  it('starts empty and says why when the stored basket is not one this build can read', async () => {
    db = await enrolledTillDb();
    await db.basket.put({ id: 'open', cart: { lines: [{ key: 'x' }] } as never, selectedKey: null });
    const loaded = await loadOpenBasket(db);
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.error).toContain('lines[0].product');
  });
});
