import { afterEach, describe, expect, it } from 'vitest';
import { isValidGtinForTest } from './support/gtin';
import { seedDemo } from '../../server/seed/seedDemo';
import { currentScanConfig } from '../../server/hq/scanConfig';
import { classifyScan, defaultScanConfig } from '../../shared/barcode';
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

      // Loyalty: the rules, and every customer's summary carrying a balance equal to their entries.
      const k = t.db.kysely;
      expect(
        (await k.selectFrom('loyalty_configs').select('version').execute()).map((r) => r.version),
      ).toEqual([1]);
      const balances = await k
        .selectFrom('loyalty_accounts')
        .select(['customer_id', 'points_balance'])
        .execute();
      expect(balances).toHaveLength(before.customers);
      const sums = await k
        .selectFrom('loyalty_ledger')
        .select((eb) => ['customer_id', eb.fn.sum<number>('points').as('total')])
        .groupBy('customer_id')
        .execute();
      const sumOf = new Map(sums.map((s) => [s.customer_id, Number(s.total)]));
      expect(balances.every((b) => Number(b.points_balance) === (sumOf.get(b.customer_id) ?? 0))).toBe(true);
      expect(balances.filter((b) => Number(b.points_balance) > 0).length).toBeGreaterThan(
        before.customers / 2,
      );
      const summaries = await k
        .selectFrom('change_log')
        .select('data')
        .where('topic', '=', 'customer_summary')
        .execute();
      expect(summaries).toHaveLength(before.customers);
      const tiers = new Set(
        summaries.map((s) => (JSON.parse(s.data ?? '{}') as { tierCode: string }).tierCode),
      );
      expect([...tiers].sort()).toEqual(['base', 'gold', 'silver']);

      // Scale items carry the item code their labels print, and the tills get the configuration.
      const scale = await k
        .selectFrom('products')
        .select(['name', 'item_code'])
        .where('item_code', 'is not', null)
        .orderBy('item_code')
        .execute();
      expect(scale.map((p) => p.item_code)).toEqual(['00001', '00002', '00003', '00004', '00005']);
      const label = classifyScan('2100001012342', defaultScanConfig);
      expect(label).toMatchObject({ kind: 'weighted', itemCode: '00001', value: 1234 });
      expect((await currentScanConfig(k)).version).toBe(1);
      expect(
        await k.selectFrom('change_log').select('entity_id').where('topic', '=', 'scan_config').execute(),
      ).toEqual([{ entity_id: 'current' }]);

      const second = await seedDemo(t.db, t.dataDir);
      expect(second).toMatchObject({ created: false, adminPassword: first.adminPassword });
      expect(await counts()).toEqual(before);
    });
  });
});
