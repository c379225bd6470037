import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { deviceCaller, makeSale, saleOp } from '../support/chain';
import { seedAt0001 } from '../support/dataAt0001';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

const at0015 = migrationModules.findIndex(([name]) => name === '0015_payment_reference');

describe.each(engines)('migration 0015 (payment reference) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('keeps the cash payments recorded before it, with no reference, and the till goes on with a card', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      await migrateToLatest(t.db, migrationModules.slice(0, at0015));
      const before = await t.db.kysely.selectFrom('sale_payments').select(['sale_id', 'method']).execute();
      expect(before.length).toBeGreaterThan(0);

      expect((await migrateToLatest(t.db, migrationModules.slice(0, at0015 + 1))).applied).toEqual([
        '0015_payment_reference',
      ]);
      const after = await sql<{ sale_id: string; method: string; reference: string | null }>`
        select sale_id, method, reference from sale_payments`.execute(t.db.kysely);
      expect(after.rows).toEqual(before.map((p) => ({ ...p, reference: null })));

      await migrateToLatest(t.db);
      const till = await deviceCaller(t.db, old.token);
      const sale = makeSale({ receiptNo: 'OLD-000002' });
      const paid = {
        ...sale,
        payments: [{ method: 'card' as const, amountMinor: sale.totalMinor, reference: 'AUTH 7731' }],
      };
      const next = await till.sync.push({
        deviceId: old.deviceId,
        installId: old.installId,
        ops: [saleOp(2, paid)],
      });
      expect(next.results[0]?.status).toBe('applied');
      const card = await t.db.kysely
        .selectFrom('sale_payments')
        .select(['method', 'reference'])
        .where('sale_id', '=', sale.saleId)
        .execute();
      expect(card).toEqual([{ method: 'card', reference: 'AUTH 7731' }]);
    });
  });
});
