import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../server/db/migrate';
import { migrationModules } from '../../../server/db/migrations/index';
import { createContextInner } from '../../../server/trpc/context';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { createCaller, deviceCaller, makeSale, saleOp } from '../support/chain';
import { seedAt0001 } from '../support/dataAt0001';

describe.each(engines)('migration 0005 (a range a till cannot resend) on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    afterEach(() => t.dispose());

    it('upgrades a database in use at 0004: no device flagged, the till’s stream goes on', async () => {
      t = await openTestDb(engine, { migrate: false });
      await migrateToLatest(t.db, migrationModules.slice(0, 1));
      const old = await seedAt0001(t.db);
      await migrateToLatest(t.db, migrationModules.slice(0, 4));

      expect((await migrateToLatest(t.db, migrationModules.slice(0, 5))).applied).toEqual([
        '0005_cannot_resend',
      ]);
      const { rows } = await sql<{
        cannot_resend_from_seq: number | null;
      }>`select cannot_resend_from_seq from devices`.execute(t.db.kysely);
      expect(rows).toEqual([{ cannot_resend_from_seq: null }]);

      // Today's code reads today's schema, whatever later migrations add.
      await migrateToLatest(t.db);
      const hq = createCaller(
        createContextInner({ db: t.db, hqUser: { id: 'u', email: 'a@b.c', name: 'A', role: 'analyst' } }),
      );
      expect((await hq.hq.stores()).devices).toEqual([
        expect.objectContaining({ id: old.deviceId, cannotResendFromSeq: null, appliedOps: 1 }),
      ]);

      const till = await deviceCaller(t.db, old.token);
      const next = await till.sync.push({
        deviceId: old.deviceId,
        installId: old.installId,
        ops: [saleOp(2, makeSale({ receiptNo: 'OLD-000002' }))],
      });
      expect(next.results[0]?.status).toBe('applied');
      await till.sync.reportStatus({
        pendingOps: 0,
        oldestPendingAt: null,
        rejectedOps: 0,
        storagePersisted: true,
        cannotResendFromSeq: 7,
      });
      expect((await hq.hq.stores()).devices[0]).toMatchObject({ cannotResendFromSeq: 7, appliedOps: 2 });
    });
  });
});
