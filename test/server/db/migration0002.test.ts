import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { createCaller, saleOp, setUpChain } from '../support/chain';
import { createContextInner } from '../../../server/trpc/context';

describe.each(engines)('migration 0002 (till status on devices) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('upgrades a database in use at 0001 and keeps its tills, ledger and sales', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const chain = await setUpChain(t.db);
      const installId = uuidv7();
      await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId,
        ops: [saleOp(1), saleOp(2)],
      });

      expect((await migrateToLatest(t.db)).applied).toEqual(['0002_device_telemetry']);

      const device = await t.db.kysely
        .selectFrom('devices')
        .selectAll()
        .where('id', '=', chain.tillA.deviceId)
        .executeTakeFirstOrThrow();
      expect(device).toMatchObject({
        name: 'Till A1',
        pending_ops: null,
        oldest_pending_at: null,
        storage_persisted: null,
      });
      expect(await t.db.kysely.selectFrom('sales').select('id').execute()).toHaveLength(2);
      // The stream goes on where it was: the next operation is seq 3.
      const next = await chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId,
        ops: [saleOp(3)],
      });
      expect(next.results[0]?.status).toBe('applied');
    });

    it('keeps what a till reports with its pull and shows it to HQ', async () => {
      t = await openTestDb(engine);
      const chain = await setUpChain(t.db);
      const oldest = new Date(Date.now() - 3_600_000).toISOString();
      await chain.tillA.caller.sync.pull({
        cursor: null,
        status: { pendingOps: 7, oldestPendingAt: oldest, rejectedOps: 1, storagePersisted: false },
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
