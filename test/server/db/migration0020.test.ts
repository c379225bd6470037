import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/domain/canonicalJson';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { payloadHash } from '../../../shared/sync/protocol';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { adminCaller, deviceCaller, makeSale, saleOp } from '../support/chain';
import { seedAt0001 } from '../support/dataAt0001';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

const at0020 = migrationModules.findIndex(([name]) => name === '0020_returns_in_shifts');

describe.each(engines)('migration 0020 (returns in shifts) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('keeps the returns recorded before it, in no shift, and records the shift of the next one', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      await migrateToLatest(t.db, migrationModules.slice(0, at0020));
      const now = new Date().toISOString();
      const oldReturn = uuidv7();
      await sql`insert into returns (id, op_id, sale_id, store_id, device_id, refund_minor, reason, wall_time, received_at)
        values (${oldReturn}, ${uuidv7()}, ${old.saleId}, ${old.storeId}, ${old.deviceId}, 8990, 'damaged', ${now}, ${now})`.execute(
        t.db.kysely,
      );

      expect((await migrateToLatest(t.db, migrationModules.slice(0, at0020 + 1))).applied).toEqual([
        '0020_returns_in_shifts',
      ]);
      const kept = await sql<{ id: string; refund_minor: number | string; shift_id: string | null }>`
        select id, refund_minor, shift_id from returns`.execute(t.db.kysely);
      expect(kept.rows.map((r) => [r.id, Number(r.refund_minor), r.shift_id])).toEqual([
        [oldReturn, 8990, null],
      ]);

      // The till goes on: a shift, a sale in it and a return in it, counted for HQ.
      await migrateToLatest(t.db);
      const admin = await adminCaller(t.db);
      const { id: cashierId } = await admin.hq.createCashier({
        storeId: old.storeId,
        name: 'Olga',
        role: 'cashier',
        pin: '4821',
      });
      const till = await deviceCaller(t.db, old.token);
      const shiftId = uuidv7();
      const sale = makeSale({ receiptNo: 'OLD-000002', cashierId, shiftId, cardNumber: null });
      const op = (seq: number, kind: 'shift.open' | 'return.record', payload: unknown) => {
        const sent = JSON.parse(canonicalJson(payload)) as unknown;
        return {
          seq,
          opId: uuidv7(),
          kind,
          schemaVersion: 1,
          payload: sent,
          payloadHash: payloadHash(sent),
          wallTime: now,
        };
      };
      const pushed = await till.sync.push({
        deviceId: old.deviceId,
        installId: old.installId,
        ops: [
          op(2, 'shift.open', { shiftId, cashierId, currency: 'RUB', openingCashMinor: 0, wallTime: now }),
          saleOp(3, sale),
          op(4, 'return.record', {
            returnId: uuidv7(),
            saleId: sale.saleId,
            lines: [{ lineNo: 1, quantityMilli: 1000 }],
            refunds: [{ method: 'cash', amountMinor: 8990 }],
            refundMinor: 8990,
            reason: 'damaged',
            cashierId,
            shiftId,
            wallTime: now,
          }),
        ],
      });
      expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      const [shift] = await admin.hq.storeShifts({ storeId: old.storeId });
      expect(shift).toMatchObject({ syncedReturnsCount: 1, syncedReturnsTotalMinor: 8990 });
    });
  });
});
