import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { deviceCaller, makeSale, saleOp } from '../support/chain';
import { seedAt0001 } from '../support/dataAt0001';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';

const at0008 = migrationModules.findIndex(([name]) => name === '0008_client_limits');

describe.each(engines)('migration 0008 (client limits) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('folds repeated quarantined copies into one with their count, and the till goes on', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      await migrateToLatest(t.db, migrationModules.slice(0, at0008));
      const opId = uuidv7();
      const payload = JSON.stringify({ receiptNo: 'OLD-000009' });
      const copy = (id: string, seq: number) =>
        sql`insert into quarantined_ops (id, op_id, device_id, install_id, seq, kind, payload, payload_hash, reason, detail, received_at)
          values (${id}, ${opId}, ${old.deviceId}, ${old.installId}, ${seq}, 'sale.record', ${payload}, ${'b'.repeat(64)}, 'seq_reused', null, ${new Date().toISOString()})`.execute(
          t.db.kysely,
        );
      const first = uuidv7();
      await copy(first, 1);
      await copy(uuidv7(), 1);
      await copy(uuidv7(), 1);

      expect((await migrateToLatest(t.db, migrationModules.slice(0, at0008 + 1))).applied).toEqual([
        '0008_client_limits',
      ]);
      const rows = await t.db.kysely
        .selectFrom('quarantined_ops')
        .select(['id', 'times_seen', 'payload_bytes'])
        .execute();
      expect(
        rows.map((r) => ({ ...r, times_seen: Number(r.times_seen), payload_bytes: Number(r.payload_bytes) })),
      ).toEqual([{ id: first, times_seen: 3, payload_bytes: payload.length }]);
      const device = await t.db.kysely
        .selectFrom('devices')
        .select('limit_refusals')
        .executeTakeFirstOrThrow();
      expect(Number(device.limit_refusals)).toBe(0);

      await migrateToLatest(t.db);
      const till = await deviceCaller(t.db, old.token);
      const next = await till.sync.push({
        deviceId: old.deviceId,
        installId: old.installId,
        ops: [saleOp(2, makeSale({ receiptNo: 'OLD-000002' }))],
      });
      expect(next.results[0]?.status).toBe('applied');
    });
  });
});
