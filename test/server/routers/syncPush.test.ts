import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { payloadHash } from '../../../shared/sync/protocol';
import { engines, openTestDb, skipEngine, type TestDb } from '../support/databases';
import { count, makeSale, saleOp, setUpChain } from '../support/chain';

describe.each(engines)('sync.push on %s', (engine) => {
  describe.skipIf(skipEngine(engine))(engine, () => {
    let t: TestDb;
    let chain: Awaited<ReturnType<typeof setUpChain>>;
    const installId = uuidv7();
    beforeEach(async () => {
      t = await openTestDb(engine);
      chain = await setUpChain(t.db);
    });
    afterEach(() => t.dispose());

    const push = (ops: ReturnType<typeof saleOp>[], till = chain.tillA) =>
      till.caller.sync.push({ deviceId: till.deviceId, installId, ops });

    it('records each sale once when the same batch is pushed three times', async () => {
      const ops = [saleOp(1), saleOp(2), saleOp(3)];
      const first = await push(ops);
      const second = await push(ops);
      const third = await push(ops);
      expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      expect(second.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
      expect(third.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
      expect(third.ackedThroughSeq).toBe(3);
      expect(await count(t.db, 'sales')).toBe(3);
      const stored = await t.db.kysely
        .selectFrom('sales')
        .select(['store_id', 'device_id', 'customer_id'])
        .execute();
      expect(stored.every((s) => s.store_id === chain.storeA && s.device_id === chain.tillA.deviceId)).toBe(
        true,
      );
      expect(stored.every((s) => s.customer_id === 'cust-1')).toBe(true);
    });

    it('answers a retry after a lost response with duplicate and the original result', async () => {
      const op = saleOp(1);
      const lost = await push([op]); // the server committed; pretend the till never saw this
      const retried = await push([op]);
      expect(lost.results[0]).toMatchObject({ status: 'applied' });
      expect(retried.results[0]).toEqual({ ...lost.results[0], status: 'duplicate' });
      expect(await count(t.db, 'sales')).toBe(1);
    });

    it('refuses the same opId with another payload and keeps it for review', async () => {
      const op = saleOp(1);
      await push([op]);
      const tampered = makeSale({
        totalMinor: 1,
        lines: [
          {
            lineNo: 1,
            productId: 'x',
            gtin: '4600000000008',
            name: 'X',
            quantityMilli: 1000,
            unitPriceMinor: 1,
            totalMinor: 1,
          },
        ],
        payments: [{ method: 'cash', amountMinor: 1, tenderedMinor: 1, changeMinor: 0 }],
      });
      const reused = { ...op, payload: tampered, payloadHash: payloadHash(tampered) };
      const result = await push([reused]);
      expect(result.results[0]).toMatchObject({
        status: 'rejected',
        reason: 'op_id_reused',
        quarantined: true,
      });
      const quarantined = await t.db.kysely.selectFrom('quarantined_ops').selectAll().execute();
      expect(quarantined).toHaveLength(1);
      expect(quarantined[0]).toMatchObject({
        op_id: op.opId,
        reason: 'op_id_reused',
        payload_hash: payloadHash(tampered),
      });
      const sales = await t.db.kysely.selectFrom('sales').select(['id', 'total_minor']).execute();
      expect(sales).toEqual([{ id: (op.payload as { saleId: string }).saleId, total_minor: 17980 }]);
    });

    it('applies the valid operations of a batch and reports the invalid one rejected', async () => {
      const bad = saleOp(2, makeSale({ totalMinor: 999 })); // total disagrees with its lines
      const ops = [saleOp(1), bad, saleOp(3)];
      const result = await push(ops);
      expect(result.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
      expect(result.results[1]).toMatchObject({
        reason: 'invalid_payload',
        detail: expect.stringContaining('total') as unknown,
      });
      expect(await count(t.db, 'sales')).toBe(2);
      // The rejection is recorded, not dropped: pushing again returns it, and HQ can count it.
      const again = await push([bad]);
      expect(again.results[0]).toMatchObject({
        status: 'duplicate',
        outcome: { outcome: 'rejected', reason: 'invalid_payload' },
      });
      const rejected = await t.db.kysely
        .selectFrom('applied_ops')
        .select('op_id')
        .where('status', '=', 'rejected')
        .execute();
      expect(rejected).toEqual([{ op_id: bad.opId }]);
    });

    it('reports a gap and applies nothing past it', async () => {
      const result = await push([saleOp(2), saleOp(3)]);
      expect(result.results[0]).toMatchObject({ status: 'gap', expectedSeq: 1 });
      expect(result.results[1]).toMatchObject({ status: 'retry' });
      expect(await count(t.db, 'sales')).toBe(0);
      expect(result.ackedThroughSeq).toBe(0);
    });

    it('refuses a push claiming to be another device, writing nothing', async () => {
      await expect(
        chain.tillA.caller.sync.push({ deviceId: chain.tillB.deviceId, installId, ops: [saleOp(1)] }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await count(t.db, 'sales')).toBe(0);
      expect(await count(t.db, 'applied_ops')).toBe(0);
    });

    it('refuses malformed input with BAD_REQUEST and the zod issues, writing nothing', async () => {
      const op = saleOp(1);
      const cases: unknown[] = [
        { deviceId: chain.tillA.deviceId, installId, ops: [] },
        { deviceId: chain.tillA.deviceId, installId, ops: [{ ...op, opId: 'not-a-uuid' }] },
        { deviceId: chain.tillA.deviceId, installId, ops: [{ ...op, seq: -1 }] },
        { deviceId: chain.tillA.deviceId, installId, ops: [{ ...op, kind: 'sale.delete' }] },
        { deviceId: chain.tillA.deviceId, ops: [op] },
        'garbage',
      ];
      for (const input of cases) {
        const error = (await chain.tillA.caller.sync.push(input as never).catch((e: unknown) => e)) as {
          code: string;
          cause: { issues?: unknown[] };
        };
        expect(error.code).toBe('BAD_REQUEST');
        expect(error.cause.issues?.length).toBeGreaterThan(0);
      }
      expect(await count(t.db, 'applied_ops')).toBe(0);
      expect(await count(t.db, 'device_streams')).toBe(0);
      expect(await count(t.db, 'sales')).toBe(0);
    });

    it('rejects a payload that does not match its hash and quarantines it', async () => {
      const op = saleOp(1);
      const result = await push([{ ...op, payloadHash: 'f'.repeat(64) }, saleOp(2)]);
      expect(result.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
      expect(result.results[0]).toMatchObject({ reason: 'hash_mismatch', quarantined: true });
      expect(await count(t.db, 'quarantined_ops')).toBe(1);
    });

    it('rejects a sale whose receipt number this till already used', async () => {
      const sale = makeSale({ receiptNo: 'A1-000001' });
      const result = await push([saleOp(1, sale), saleOp(2, makeSale({ receiptNo: 'A1-000001' }))]);
      expect(result.results[1]).toMatchObject({ status: 'rejected', reason: 'receipt_no_taken' });
      expect(await count(t.db, 'sales')).toBe(1);
    });

    it('applies two concurrent pushes of the same queue once', async () => {
      const ops = Array.from({ length: 10 }, (_, i) => saleOp(i + 1));
      const [a, b] = await Promise.all([push(ops), push(ops)]);
      // No operation is reported applied twice, whichever push got there first.
      for (const op of ops) {
        const applied = [...a.results, ...b.results].filter(
          (r) => r.opId === op.opId && r.status === 'applied',
        );
        expect(applied.length).toBeLessThanOrEqual(1);
      }
      // Whatever interleaving happened, a final push settles every operation exactly once.
      const settle = await push(ops);
      expect(settle.results.every((r) => r.status === 'duplicate')).toBe(true);
      expect(await count(t.db, 'sales')).toBe(10);
    });
  });
});
