import { uuidv7 } from '../../../shared/domain/uuidv7';
import { openTillDb, type TillDb } from '../../../renderer/db/database';
import { setMeta } from '../../../renderer/db/meta';

/** A fresh, enrolled till database with a small catalog. */
export async function enrolledTillDb(): Promise<TillDb> {
  const db = openTillDb(`till-${uuidv7()}`);
  await db.open();
  await setMeta(db, 'device', {
    deviceId: uuidv7(),
    name: 'Till 1',
    token: 'otd_test',
    serverUrl: 'http://127.0.0.1:1',
    store: { id: uuidv7(), code: 'MSK-01', name: 'Moscow', currency: 'RUB' },
    enrolledAt: new Date().toISOString(),
  });
  await db.products.bulkAdd([
    { id: 'p1', gtin: '4601234567893', name: 'Milk 1 l', priceMinor: 8990 },
    { id: 'p2', gtin: '4600000000008', name: 'Bread', priceMinor: 5490 },
  ]);
  return db;
}

export const draft = (cash = 50_000) => ({
  cardNumber: '2990000000012',
  lines: [
    { productId: 'p1', gtin: '4601234567893', name: 'Milk 1 l', quantityMilli: 2000, unitPriceMinor: 8990 },
    { productId: 'p2', gtin: '4600000000008', name: 'Bread', quantityMilli: 1000, unitPriceMinor: 5490 },
  ],
  cashTenderedMinor: cash,
});
