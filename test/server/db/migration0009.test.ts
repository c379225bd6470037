import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { publishLoyaltyConfig } from '../../../server/loyalty/configs';
import { ledgerBalance } from '../../../server/loyalty/ledger';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { seedAt0001 } from '../support/dataAt0001';
import { saleOp, setUpChain } from '../support/chain';
import { chainConfig, loyaltySale } from '../loyalty/saleLoyalty';

describe.each(engines)('migration 0009 (loyalty ledger) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('keeps the sales recorded before it, at no discount, and earns on the sales after it', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      // Every migration released before this one, whatever its number.
      await migrateToLatest(
        t.db,
        migrationModules.filter(([name]) => name < '0009'),
      );

      expect((await migrateToLatest(t.db)).applied).toContain('0009_loyalty_ledger');
      const sale = await t.db.kysely
        .selectFrom('sales')
        .select(['id', 'total_minor', 'loyalty_discount_minor'])
        .executeTakeFirstOrThrow();
      expect([sale.id, Number(sale.total_minor), Number(sale.loyalty_discount_minor)]).toEqual([
        old.saleId,
        8990,
        0,
      ]);
      expect(await t.db.kysely.selectFrom('loyalty_ledger').selectAll().execute()).toEqual([]);

      const chain = await setUpChain(t.db);
      await t.db.kysely
        .transaction()
        .execute((trx) => publishLoyaltyConfig(trx, chainConfig, new Date().toISOString()));
      const after = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [saleOp(1, loyaltySale('base', 0))],
      });
      expect(after.results[0]).toMatchObject({ status: 'applied' });
      expect(await ledgerBalance(t.db.kysely, 'cust-1')).toBe(10);
    });
  });
});
