import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { makeLinkCode } from '../../../shared/barcode/serverCodes';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { seedAt0001 } from '../support/dataAt0001';
import { makeSale, saleOp, setUpChain } from '../support/chain';

describe.each(engines)('migration 0011 (link codes and returns) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('keeps the sales recorded before it, without codes, and registers the codes of sales after it', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      // Every migration released before this one, whatever its number.
      await migrateToLatest(
        t.db,
        migrationModules.filter(([name]) => name < '0011'),
      );

      expect((await migrateToLatest(t.db)).applied).toContain('0011_link_codes_and_returns');
      const sales = await t.db.kysely.selectFrom('sales').select('id').execute();
      expect(sales.map((s) => s.id)).toEqual([old.saleId]);
      expect(await t.db.kysely.selectFrom('link_codes').selectAll().execute()).toEqual([]);
      expect(await t.db.kysely.selectFrom('returns').selectAll().execute()).toEqual([]);

      const chain = await setUpChain(t.db);
      const code = makeLinkCode(crypto.getRandomValues(new Uint8Array(9)));
      const after = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId: uuidv7(),
        ops: [saleOp(1, makeSale({ linkCode: code }))],
      });
      expect(after.results[0]).toMatchObject({ status: 'applied' });
      const row = await t.db.kysely
        .selectFrom('link_codes')
        .select(['code', 'status'])
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ code, status: 'redeemable' });
    });
  });
});
