import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { loadOpenBasket, saveOpenBasket } from '../../../renderer/db/baskets';
import { applyPullPage } from '../../../renderer/db/catalog';
import { openTillDb, TILL_DB_VERSION } from '../../../renderer/db/database';
import { findCustomerByCard, unsyncedBurnedPoints } from '../../../renderer/db/loyalty';
import { getMeta } from '../../../renderer/db/meta';
import type { LoyaltyConfig } from '../../../shared/loyalty';
import { cartReducer, emptyCart } from '../../../renderer/till/cart';
import { releasedTillDb, seedEnrolledMeta } from './releasedVersions';

const CARD = '2990000000012';
const config: LoyaltyConfig = {
  version: 1,
  currency: 'RUB',
  pointValueMinor: 100,
  maxBurnBp: 5000,
  offlineBurnCapPoints: 500,
  tiers: [{ code: 'base', name: 'Base', minLifetimeSpendMinor: 0, discountBp: 0, earnBp: 100 }],
};
const milk = { id: 'p1', gtin: '4601234567893', name: 'Milk 1 l', priceMinor: 8990 };

/** A queued sale as version 3 wrote it: cash only, no loyalty. */
function v3Sale(n: number) {
  const sale = {
    saleId: uuidv7(),
    receiptNo: `MSK-01-ABCD-00000${n}`,
    cardNumber: CARD,
    currency: 'RUB',
    lines: [
      {
        lineNo: 1,
        productId: 'p1',
        gtin: milk.gtin,
        name: milk.name,
        quantityMilli: 1000,
        unitPriceMinor: 8990,
        totalMinor: 8990,
      },
    ],
    payments: [{ method: 'cash' as const, amountMinor: 8990, tenderedMinor: 10_000, changeMinor: 1010 }],
    totalMinor: 8990,
    wallTime: new Date().toISOString(),
  };
  const opId = uuidv7();
  return {
    sale: { ...sale, seq: n, opId, syncState: 'pending' as const },
    op: {
      seq: n,
      opId,
      kind: 'sale.record' as const,
      schemaVersion: 1,
      payload: sale,
      payloadHash: 'a'.repeat(64),
      wallTime: sale.wallTime,
      attempts: 2,
      lastError: 'offline',
    },
  };
}

describe('till database version 5: loyalty topics are stored', () => {
  const opened: Dexie[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.delete();
  });

  it('opens a version 3 database with a queued outbox and an open basket, leaves them as they were, and stores loyalty', async () => {
    const name = `till-v3-${uuidv7()}`;
    const old = releasedTillDb(name, 3);
    opened.push(old);
    await old.open();
    await seedEnrolledMeta(old, { next: 3, pullCursor: '7' });
    await old.products.add(milk);
    await old.cards.add({ number: CARD, customerId: 'cust-1', maskedName: 'Anna P.', status: 'active' });
    // A v3 till parked the loyalty topics it could not store yet.
    const parkedSummary = {
      customerId: 'cust-1',
      maskedName: 'Anna P.',
      tierCode: 'gold',
      pointsBalance: 25,
      offers: [],
    };
    await old.parked.bulkAdd([
      { topic: 'loyalty_config', entityId: 'current', data: config, reason: 'unknown_topic' },
      {
        topic: 'customer_summary',
        entityId: 'cust-1',
        data: { ...parkedSummary, pointsBalance: 10 },
        reason: 'unknown_topic',
      },
      { topic: 'customer_summary', entityId: 'cust-1', data: parkedSummary, reason: 'unknown_topic' },
      {
        topic: 'customer_summary',
        entityId: 'cust-9',
        data: { customerId: 'cust-9' },
        reason: 'unknown_topic',
      },
      { topic: 'promotion', entityId: 'x', data: {}, reason: 'unknown_topic' },
    ]);
    const queued = [v3Sale(1), v3Sale(2)];
    await old.sales.bulkAdd(queued.map((q) => q.sale));
    await old.outbox.bulkAdd(queued.map((q) => q.op));
    const cart = cartReducer(emptyCart, { type: 'addProduct', product: milk });
    await old.basket.put({ id: 'open', cart, selectedKey: 'p1' });
    const queue = await old.outbox.orderBy('seq').toArray();
    // Version 10 keeps a sale's sync state where its operation is, no longer on the row.
    const sales = queued.map(({ sale: { syncState: _, ...sale } }) => sale);
    const meta = await old.meta.toArray();
    old.close();

    const db = openTillDb(name);
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(TILL_DB_VERSION);
    expect(await db.outbox.orderBy('seq').toArray()).toEqual(queue);
    expect(await db.sales.orderBy('seq').toArray()).toEqual(sales);
    expect(await db.meta.where('key').notEqual('loyaltyConfig').toArray()).toEqual(meta);
    expect(await loadOpenBasket(db)).toEqual({ ok: true, basket: { cart, selectedKey: 'p1' } });
    // What version 3 parked is stored now, the newest row winning; what still cannot be stays parked.
    expect(await getMeta(db, 'loyaltyConfig')).toEqual(config);
    expect((await findCustomerByCard(db, CARD))?.summary).toEqual(parkedSummary);
    expect((await db.parked.toArray()).map((p) => p.entityId)).toEqual(['cust-9', 'x']);
    // The card's index sees the queued v3 sales (none burned points).
    expect(
      await db.sales.where('[cardNumber+seq]').between([CARD, Dexie.minKey], [CARD, Dexie.maxKey]).count(),
    ).toBe(2);
    expect(await unsyncedBurnedPoints(db, 'cust-1')).toBe(0);

    await applyPullPage(db, {
      changes: [
        {
          topic: 'customer_summary',
          id: 'cust-1',
          data: {
            customerId: 'cust-1',
            maskedName: 'Anna P.',
            tierCode: 'base',
            pointsBalance: 40,
            offers: [],
          },
        },
      ],
      cursor: '8',
      hasMore: false,
    });
    expect((await findCustomerByCard(db, CARD))?.summary?.pointsBalance).toBe(40);
    await saveOpenBasket(db, { cart: emptyCart, selectedKey: null });
  });
});
