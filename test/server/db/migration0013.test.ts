import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { currentScanConfig, saveScanConfig } from '../../../server/hq/scanConfig';
import { defaultScanConfig } from '../../../shared/barcode';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { seedAt0001 } from '../support/dataAt0001';

describe.each(engines)('migration 0013 (scan configuration) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('keeps the products before it, without an item code, and stores versions after it', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      await seedAt0001(t.db);
      const now = new Date().toISOString();
      await t.db.kysely
        .insertInto('products')
        .values({ id: uuidv7(), gtin: '4601234567893', name: 'Milk', price_minor: 8990, updated_at: now })
        .execute();
      // Every migration released before this one, whatever its number.
      await migrateToLatest(
        t.db,
        migrationModules.filter(([name]) => name < '0013'),
      );

      expect((await migrateToLatest(t.db)).applied).toContain('0013_scan_config');
      const milk = await t.db.kysely
        .selectFrom('products')
        .select(['name', 'item_code'])
        .where('gtin', '=', '4601234567893')
        .executeTakeFirstOrThrow();
      expect(milk).toEqual({ name: 'Milk', item_code: null });
      expect((await currentScanConfig(t.db.kysely)).version).toBe(0);

      expect(await saveScanConfig(t.db.kysely, defaultScanConfig, 0, null, now)).toEqual({
        ok: true,
        version: 1,
      });
      await t.db.kysely
        .insertInto('products')
        .values({
          id: uuidv7(),
          gtin: '2000001000008',
          name: 'Bananas',
          price_minor: 11990,
          item_code: '00001',
          updated_at: now,
        })
        .execute();
      const bananas = await t.db.kysely
        .selectFrom('products')
        .select('item_code')
        .where('name', '=', 'Bananas')
        .executeTakeFirstOrThrow();
      expect(bananas.item_code).toBe('00001');
    });
  });
});
