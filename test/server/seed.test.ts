import { afterEach, describe, expect, it } from 'vitest';
import { isValidGtinForTest } from './support/gtin';
import { seedDemo } from '../../server/seed/seedDemo';
import { engines, openTestDb, skipEngine, type TestDb } from './support/databases';

describe.each(engines)('demo chain on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('loads two stores, priced products with valid EAN-13s and customers with cards, once', async () => {
      t = await openTestDb(engine);
      const first = await seedDemo(t.db, t.dataDir);
      expect(first.created).toBe(true);
      expect(first.adminPassword).toMatch(/^\S{8,}$/);
      const counts = async () => ({
        stores: (await t.db.kysely.selectFrom('stores').select('id').execute()).length,
        products: (await t.db.kysely.selectFrom('products').select('id').execute()).length,
        customers: (await t.db.kysely.selectFrom('customers').select('id').execute()).length,
        cards: (await t.db.kysely.selectFrom('cards').select('number').execute()).length,
        changes: (await t.db.kysely.selectFrom('change_log').select('id').execute()).length,
      });
      const before = await counts();
      expect(before.stores).toBe(2);
      expect(before.products).toBeGreaterThanOrEqual(200);
      expect(before.customers).toBeGreaterThanOrEqual(200);
      expect(before.cards).toBe(before.customers);

      const products = await t.db.kysely.selectFrom('products').select(['gtin', 'price_minor']).execute();
      expect(products.every((p) => isValidGtinForTest(p.gtin) && p.gtin.length === 13)).toBe(true);
      expect(
        products.every((p) => Number.isInteger(Number(p.price_minor)) && Number(p.price_minor) > 0),
      ).toBe(true);
      const customers = await t.db.kysely.selectFrom('customers').select(['phone', 'email']).execute();
      expect(customers.every((c) => /^\+7\d{10}$/.test(c.phone ?? '') && /@/.test(c.email ?? ''))).toBe(true);

      const second = await seedDemo(t.db, t.dataDir);
      expect(second).toMatchObject({ created: false, adminPassword: first.adminPassword });
      expect(await counts()).toEqual(before);
    });
  });
});
