import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { publicCaller, setUpChain } from '../support/chain';

describe.each(engines)('sync.pull is a read; sync.reportStatus records the queue, on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
    });
    afterEach(() => t.dispose());

    const deviceRow = () =>
      t.db.kysely
        .selectFrom('devices')
        .selectAll()
        .where('id', '=', chain.tillA.deviceId)
        .executeTakeFirstOrThrow();
    const status = { pendingOps: 3, oldestPendingAt: null, rejectedOps: 2, storagePersisted: true };

    it('writes nothing on a pull, even with the status field older tills still send', async () => {
      const before = await deviceRow();
      const page = await chain.tillA.caller.sync.pull({ cursor: null, status });
      expect(page.changes.length).toBeGreaterThan(0);
      expect(await deviceRow()).toEqual(before);
    });

    it('records a status report, and the pull it says finished', async () => {
      await chain.tillA.caller.sync.reportStatus(status);
      expect(await deviceRow()).toMatchObject({
        pending_ops: 3,
        local_rejected_ops: 2,
        storage_persisted: 1,
        last_pull_at: null,
      });
      const { recordedAt } = await chain.tillA.caller.sync.reportStatus({ ...status, pulled: true });
      expect(await deviceRow()).toMatchObject({ last_pull_at: recordedAt, status_reported_at: recordedAt });
    });

    it('records a range the till cannot resend until a report clears it; older tills leave it be', async () => {
      await chain.tillA.caller.sync.reportStatus({ ...status, cannotResendFromSeq: 41 });
      expect(await deviceRow()).toMatchObject({ cannot_resend_from_seq: 41 });
      // A till that predates the field says nothing about it: what a newer report said stays.
      await chain.tillA.caller.sync.reportStatus(status);
      expect(await deviceRow()).toMatchObject({ cannot_resend_from_seq: 41 });
      await chain.tillA.caller.sync.reportStatus({ ...status, cannotResendFromSeq: null });
      expect(await deviceRow()).toMatchObject({ cannot_resend_from_seq: null });
    });

    it('refuses a report without a device token', async () => {
      await expect(publicCaller(t.db).sync.reportStatus(status)).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
    });
  });
});
