import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { createContextInner } from '../../../server/trpc/context';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { createCaller, deviceCaller, makeSale, saleOp } from '../support/chain';
import { seedAt0001 } from '../support/dataAt0001';

describe.each(engines)('migration 0004 (clock skew, offline delay, set-aside ops) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('upgrades a database in use at 0003: clears wall-time skews, keeps the quarantine, goes on', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      await migrateToLatest(t.db, migrationModules.slice(0, 3));
      // At 0003 the skew column held a sale's wall time against its arrival: an hour of waiting.
      await sql`update devices set clock_skew_ms = ${-3_600_000}`.execute(t.db.kysely);
      const quarantinedOpId = uuidv7();
      await sql`insert into quarantined_ops (id, op_id, device_id, install_id, seq, kind, payload, payload_hash, reason, received_at)
        values (${uuidv7()}, ${quarantinedOpId}, ${old.deviceId}, ${old.installId}, 1, 'sale.record', ${JSON.stringify({ receiptNo: 'OLD-000009' })}, ${'b'.repeat(64)}, 'hash_mismatch', ${new Date().toISOString()})`.execute(
        t.db.kysely,
      );

      expect((await migrateToLatest(t.db, migrationModules.slice(0, 4))).applied).toEqual([
        '0004_clock_and_set_aside',
      ]);
      const device = await t.db.kysely
        .selectFrom('devices')
        .select(['id', 'name', 'clock_skew_ms', 'offline_delay_ms'])
        .executeTakeFirstOrThrow();
      expect(device).toEqual({
        id: old.deviceId,
        name: 'Old Till',
        clock_skew_ms: null,
        offline_delay_ms: null,
      });
      expect(await t.db.kysely.selectFrom('op_failures').selectAll().execute()).toEqual([]);
      // Today's code reads today's schema: the later migrations add columns it selects.
      await migrateToLatest(t.db);
      const hq = createCaller(
        createContextInner({ db: t.db, hqUser: { id: 'u', email: 'a@b.c', name: 'A', role: 'analyst' } }),
      );
      const before = (await hq.hq.stores()).devices[0]!;
      expect(before.attention).toEqual([
        expect.objectContaining({
          opId: quarantinedOpId,
          reason: 'hash_mismatch',
          detail: null,
          receiptNo: 'OLD-000009',
        }),
      ]);

      // The till's stream goes on at seq 2, and its clock is measured afresh.
      const till = await deviceCaller(t.db, old.token);
      const next = await till.sync.push({
        deviceId: old.deviceId,
        installId: old.installId,
        ops: [saleOp(2, makeSale({ receiptNo: 'OLD-000002' }))],
        sentAt: new Date().toISOString(),
      });
      expect(next.results[0]?.status).toBe('applied');
      const after = (await hq.hq.stores()).devices[0]!;
      expect(after.clockSkewMs).not.toBeNull();
      expect(after.offlineDelayMs).not.toBeNull();
      expect(await t.db.kysely.selectFrom('sales').select('id').execute()).toHaveLength(2);
    });
  });
});
