import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { createContextInner } from '../../../server/trpc/context';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { createCaller, deviceCaller, saleOp, setUpChain } from '../support/chain';
import { seedAt0001 } from '../support/dataAt0001';

describe.each(engines)('migration 0002 (till status on devices) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('upgrades a database in use at 0001 and keeps its tills, ledger and sales', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);

      expect((await migrateToLatest(t.db, migrationModules.slice(0, 2))).applied).toEqual([
        '0002_device_telemetry',
      ]);
      const device = await t.db.kysely.selectFrom('devices').selectAll().executeTakeFirstOrThrow();
      expect(device).toMatchObject({
        id: old.deviceId,
        name: 'Old Till',
        pending_ops: null,
        oldest_pending_at: null,
        storage_persisted: null,
      });
      expect(await t.db.kysely.selectFrom('sales').select('id').execute()).toEqual([{ id: old.saleId }]);

      // Brought to the latest schema, the till's stream goes on where it was: seq 2 is next.
      await migrateToLatest(t.db);
      const till = await deviceCaller(t.db, old.token);
      const next = await till.sync.push({
        deviceId: old.deviceId,
        installId: old.installId,
        ops: [saleOp(2)],
      });
      expect(next.results[0]?.status).toBe('applied');
    });

    it('keeps what a till reports of its queue and shows it to HQ', async () => {
      t = await openTestDb(engine);
      const chain = await setUpChain(t.db);
      const oldest = new Date(Date.now() - 3_600_000).toISOString();
      await chain.tillA.caller.sync.reportStatus({
        pendingOps: 7,
        oldestPendingAt: oldest,
        rejectedOps: 1,
        storagePersisted: false,
      });
      const hq = createCaller(
        createContextInner({ db: t.db, hqUser: { id: 'u', email: 'a@b.c', name: 'A', role: 'analyst' } }),
      );
      const overview = await hq.hq.stores();
      expect(overview.devices.find((d) => d.id === chain.tillA.deviceId)).toMatchObject({
        pendingOps: 7,
        oldestPendingAt: oldest,
        localRejectedOps: 1,
        storagePersisted: false,
      });
      expect(overview.devices.find((d) => d.id === chain.tillB.deviceId)).toMatchObject({ pendingOps: null });
    });
  });
});
