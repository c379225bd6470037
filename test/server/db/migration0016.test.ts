import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { adminCaller, deviceCaller, makeSale, saleOp } from '../support/chain';
import { seedAt0001 } from '../support/dataAt0001';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { makeReturn, tillOp } from '../support/tillOps';

const at0016 = migrationModules.findIndex(([name]) => name === '0016_sale_vat_and_return_staff');

describe.each(engines)('migration 0016 (sale line VAT, return staff) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('gives lines recorded before it the default rate, says so, keeps returns, and new sales keep the till’s rate', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      await migrateToLatest(t.db, migrationModules.slice(0, at0016));
      // A return recorded at 0015, with 0015's columns.
      const returnId = uuidv7();
      const now = new Date().toISOString();
      await sql`insert into returns (id, op_id, sale_id, store_id, device_id, refund_minor, reason, wall_time, received_at)
        values (${returnId}, ${uuidv7()}, ${old.saleId}, ${old.storeId}, ${old.deviceId}, 8990, 'faulty', ${now}, ${now})`.execute(
        t.db.kysely,
      );
      await sql`insert into return_lines (return_id, line_no, quantity_milli) values (${returnId}, 1, 1000)`.execute(
        t.db.kysely,
      );
      const linesBefore = await sql<{ sale_id: string; line_no: number; total_minor: number }>`
        select sale_id, line_no, total_minor from sale_lines`.execute(t.db.kysely);
      expect(linesBefore.rows.length).toBeGreaterThan(0);

      expect((await migrateToLatest(t.db, migrationModules.slice(0, at0016 + 1))).applied).toEqual([
        '0016_sale_vat_and_return_staff',
      ]);
      const lines = await sql<{
        sale_id: string;
        line_no: number;
        total_minor: number;
        vat_rate_bp: number;
        vat_rate_source: string;
      }>`select sale_id, line_no, total_minor, vat_rate_bp, vat_rate_source from sale_lines`.execute(
        t.db.kysely,
      );
      expect(
        lines.rows.map((l) => ({
          ...l,
          line_no: Number(l.line_no),
          total_minor: Number(l.total_minor),
          vat_rate_bp: Number(l.vat_rate_bp),
        })),
      ).toEqual(
        linesBefore.rows.map((l) => ({
          ...l,
          line_no: Number(l.line_no),
          total_minor: Number(l.total_minor),
          vat_rate_bp: 2000,
          vat_rate_source: 'default',
        })),
      );
      const returns = await sql<{ id: string; cashier_id: string | null; approved_by: string | null }>`
        select id, cashier_id, approved_by from returns`.execute(t.db.kysely);
      expect(returns.rows).toEqual([{ id: returnId, cashier_id: null, approved_by: null }]);

      await migrateToLatest(t.db);
      const admin = await adminCaller(t.db);
      const page = await admin.hq.storeReturns({ storeId: old.storeId });
      expect(page.returns.map((r) => [r.returnId, r.receiptNo, r.cashierName])).toEqual([
        [returnId, 'OLD-000001', null],
      ]);

      const till = await deviceCaller(t.db, old.token);
      const sale = makeSale({ receiptNo: 'OLD-000002', cardNumber: null });
      sale.lines = sale.lines.map((l) => ({ ...l, vatRateBp: 1000 }));
      const next = await till.sync.push({
        deviceId: old.deviceId,
        installId: old.installId,
        ops: [
          saleOp(2, sale),
          tillOp(3, 'return.record', makeReturn(sale.saleId, [{ lineNo: 1, quantityMilli: 1000 }], 8990)),
        ],
      });
      expect(next.results.map((r) => r.status)).toEqual(['applied', 'applied']);
      const stored = await t.db.kysely
        .selectFrom('sale_lines')
        .select(['vat_rate_bp', 'vat_rate_source'])
        .where('sale_id', '=', sale.saleId)
        .execute();
      expect(stored.map((l) => [Number(l.vat_rate_bp), l.vat_rate_source])).toEqual([[1000, 'till']]);
    });
  });
});
