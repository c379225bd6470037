import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { applySale } from '../../../server/sync/applySale';
import { replaceCommandForTest } from '../../../server/sync/commands';
import { SET_ASIDE_AFTER_FAILURES } from '../../../server/sync/opFailures';
import { createContextInner } from '../../../server/trpc/context';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { count, createCaller, makeSale, saleOp, setUpChain } from '../support/chain';

/** Fails on one sale the way a server bug would, with a driver-like multi-line message. */
function failOn(saleId: string, error: () => Error) {
  return replaceCommandForTest('sale.record', (trx, scope, opId, sale, context) => {
    if (sale.saleId === saleId) throw error();
    return applySale(trx, scope, opId, sale, context);
  });
}

describe.each(engines)('operations that keep failing on the server, on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    let restore: (() => void) | undefined;
    const installId = uuidv7();
    const fixedOpId = uuidv7();
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
    });
    afterEach(async () => {
      restore?.();
      await t.dispose();
    });

    const push = (ops: ReturnType<typeof saleOp>[]) =>
      chain.tillA.caller.sync.push({
        deviceId: chain.tillA.deviceId,
        installId,
        ops,
        sentAt: new Date().toISOString(),
      });

    it('sets a poison operation aside after K failures, keeps its sale, and lets later sales through', async () => {
      const poison = makeSale({ receiptNo: 'POISON-1' });
      restore = failOn(poison.saleId, () => new Error('value out of range\n    at applySale (push.ts:1:1)'));
      const ops = [saleOp(1, poison), saleOp(2), saleOp(3)];

      for (let attempt = 1; attempt < SET_ASIDE_AFTER_FAILURES; attempt++) {
        const answer = await push(ops);
        expect(answer.results.map((r) => r.status)).toEqual(['retry', 'retry', 'retry']);
        expect(answer.results[0]).toMatchObject({ reason: 'server_error' });
        expect(answer.ackedThroughSeq).toBe(0);
      }
      const last = await push(ops);
      expect(last.results.map((r) => r.status)).toEqual(['rejected', 'applied', 'applied']);
      expect(last.results[0]).toMatchObject({ reason: 'failed_repeatedly', quarantined: true });
      const detail = (last.results[0] as { detail: string }).detail;
      expect(detail).toContain('value out of range');
      expect(detail).not.toContain('at applySale'); // a message, never a stack
      expect(last.ackedThroughSeq).toBe(3);
      expect(await count(t.db, 'sales')).toBe(2);

      // The sale is kept with its payload, for HQ to see and act on.
      const kept = await t.db.kysely.selectFrom('quarantined_ops').selectAll().executeTakeFirstOrThrow();
      expect(kept).toMatchObject({ op_id: ops[0]!.opId, reason: 'failed_repeatedly', seq: 1 });
      expect(JSON.parse(kept.payload)).toMatchObject({ saleId: poison.saleId, receiptNo: 'POISON-1' });

      // Sent again (a lost answer), it is the same rejection, still marked as set aside.
      const again = await push([ops[0]!]);
      expect(again.results[0]).toMatchObject({
        status: 'duplicate',
        outcome: { outcome: 'rejected', reason: 'failed_repeatedly', quarantined: true },
      });

      const hq = createCaller(
        createContextInner({ db: t.db, hqUser: { id: 'u', email: 'a@b.c', name: 'A', role: 'analyst' } }),
      );
      const till = (await hq.hq.stores()).devices.find((d) => d.id === chain.tillA.deviceId)!;
      expect(till).toMatchObject({ quarantinedOps: 1, rejectedOps: 1, appliedOps: 2 });
      expect(till.attention).toEqual([
        expect.objectContaining({
          seq: 1,
          reason: 'failed_repeatedly',
          quarantined: true,
          receiptNo: 'POISON-1',
        }),
      ]);
    });

    it('does not count the server’s own trouble (a busy database) against the operation', async () => {
      const sale = makeSale();
      restore = failOn(sale.saleId, () =>
        Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
      );
      for (let attempt = 0; attempt < SET_ASIDE_AFTER_FAILURES + 2; attempt++) {
        const answer = await push([{ ...saleOp(1, sale), opId: fixedOpId }]);
        expect(answer.results[0]).toMatchObject({ status: 'retry', reason: 'transient' });
      }
      expect(await count(t.db, 'quarantined_ops')).toBe(0);
      restore();
      restore = undefined;
      const healed = await push([{ ...saleOp(1, sale), opId: fixedOpId }]);
      expect(healed.results[0]?.status).toBe('applied');
    });
  });
});
