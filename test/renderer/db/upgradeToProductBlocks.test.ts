import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import {
  applyPullPage,
  findProductByGtin,
  findProductByItemCode,
  searchProducts,
} from '../../../renderer/db/catalog';
import { TILL_DB_VERSION } from '../../../renderer/db/database';
import { productCount } from '../../../renderer/db/products';
import { deletedAfterEach, openUpgraded, queueSaleIn, releasedWithScratch } from './releasedVersions';

describe('till database version 11: products in snapshot blocks', () => {
  const opened = deletedAfterEach();

  it('opens a version 10 database with a queued sale and pulled products, and keeps finding them', async () => {
    const name = `till-v10-${uuidv7()}`;
    const { old, scratch } = await releasedWithScratch(name, 10, opened);
    const queued = await queueSaleIn(old, scratch);
    const milk = { id: 'p1', gtin: '4601234567893', name: 'Milk 1 l', priceMinor: 8990 };
    const cheese = { id: 'p2', gtin: '2000000000015', name: 'Cheese', priceMinor: 99000, itemCode: '00042' };
    await old.products.bulkAdd([milk, cheese]);
    old.close();

    const db = await openUpgraded(name, opened);
    expect(db.verno).toBe(TILL_DB_VERSION);
    expect(await db.outbox.toArray()).toEqual(queued);
    // Pulled before the upgrade: rows still, found every way, the weighed one by the new index.
    expect(await findProductByGtin(db, milk.gtin)).toEqual(milk);
    expect(await findProductByItemCode(db, '00042')).toEqual(cheese);
    expect(await searchProducts(db, 'mil')).toEqual([milk]);
    expect(await productCount(db)).toBe(2);
    // A later pull deletes one: a row that no block holds goes, no tombstone left for it.
    const deletion = { topic: 'product', id: milk.id, data: null };
    await applyPullPage(db, { changes: [deletion], cursor: '8', hasMore: false });
    expect(await findProductByGtin(db, milk.gtin)).toBeUndefined();
    expect(await db.products.toArray()).toEqual([cheese]);
    expect(await productCount(db)).toBe(1);
  });
});
