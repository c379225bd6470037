import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { seedAt0001 } from '../support/dataAt0001';

describe.each(engines)('migration 0012 (shifts and cashiers) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('keeps the sales recorded before it, with no cashier and no shift', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      // Every migration released before this one, whatever its number.
      await migrateToLatest(
        t.db,
        migrationModules.filter(([name]) => name < '0012'),
      );
      expect((await migrateToLatest(t.db)).applied).toContain('0012_shifts');
      const sale = await t.db.kysely
        .selectFrom('sales')
        .select(['id', 'total_minor', 'cashier_id', 'shift_id'])
        .executeTakeFirstOrThrow();
      expect([sale.id, Number(sale.total_minor), sale.cashier_id, sale.shift_id]).toEqual([
        old.saleId,
        8990,
        null,
        null,
      ]);
      expect(await t.db.kysely.selectFrom('shifts').selectAll().execute()).toEqual([]);
      expect(await t.db.kysely.selectFrom('cashiers').selectAll().execute()).toEqual([]);
    });
  });
});
