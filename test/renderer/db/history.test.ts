import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryRecord, TillDb } from '../../../renderer/db/database';
import { HISTORY_BOUNDS, heldRecords, pruneHistory, requeueForResend } from '../../../renderer/db/history';
import { applyPushResults } from '../../../renderer/db/outbox';
import { recordSale, type RecordedSale } from '../../../renderer/db/sales';
import { draft, enrolledTillDb } from './support';
import { withSyncStates } from '../../../renderer/db/saleSync';

const applied = (s: RecordedSale) =>
  ({
    opId: s.opId,
    seq: s.seq,
    status: 'applied',
    outcome: { outcome: 'applied', entityId: s.sale.saleId },
  }) as const;

describe('the history of recorded operations', () => {
  let db: TillDb;
  beforeEach(async () => {
    db = await enrolledTillDb();
  });
  afterEach(() => db.delete());

  const sellAndAck = async (n: number) => {
    const sales: RecordedSale[] = [];
    for (let i = 0; i < n; i++) sales.push(await recordSale(db, draft()));
    await applyPushResults(db, sales.map(applied));
    return sales;
  };

  it('keeps each recorded operation exactly as it was queued, applied or rejected', async () => {
    const a = await recordSale(db, draft());
    const b = await recordSale(db, draft());
    const c = await recordSale(db, draft());
    const queued = await db.outbox.orderBy('seq').toArray();
    const at = new Date('2030-01-02T03:04:05.000Z');
    await applyPushResults(
      db,
      [
        applied(a),
        { opId: b.opId, seq: b.seq, status: 'rejected', reason: 'receipt_no_taken', quarantined: false },
        { opId: c.opId, seq: c.seq, status: 'retry', reason: 'transient' },
      ],
      at,
    );
    // A sale's payload is its sale row: the history keeps the rest of the operation.
    const strip = ({ attempts: _a, lastError: _l, payload: _p, ...op }: (typeof queued)[number]) => op;
    expect(await heldRecords(db)).toEqual([
      { ...strip(queued[0]!), outcome: 'applied', ackedAt: at.toISOString() },
      { ...strip(queued[1]!), outcome: 'rejected', ackedAt: at.toISOString() },
    ]);
    expect((await db.outbox.toArray()).map((op) => op.seq)).toEqual([c.seq]);
    expect((await db.rejected.toArray()).map((op) => op.seq)).toEqual([b.seq]);
  });

  it('puts back what a restored server lost, unchanged and in order, and marks those sales pending', async () => {
    const sales = await sellAndAck(5);
    const kept = await heldRecords(db);
    const later = await recordSale(db, draft());

    // The server was restored to a copy that had seq 1 and 2 only: it expects 3.
    expect(await requeueForResend(db, 3)).toEqual({ kind: 'requeued', fromSeq: 3, count: 3 });

    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.map((op) => op.seq)).toEqual([3, 4, 5, later.seq]);
    for (const op of outbox.slice(0, 3)) {
      const original = kept.find((h) => h.seq === op.seq)!;
      expect(op).toEqual({
        seq: original.seq,
        opId: original.opId,
        kind: original.kind,
        schemaVersion: original.schemaVersion,
        // Kept without a copy of the sale, it goes back with the sale exactly as confirmed.
        payload: sales[op.seq - 1]!.sale,
        payloadHash: original.payloadHash,
        wallTime: original.wallTime,
        attempts: 0,
        lastError: null,
      });
    }
    expect((await heldRecords(db)).map((h) => h.seq)).toEqual([1, 2]);
    const states = await withSyncStates(db, await db.sales.orderBy('seq').toArray());
    expect(states.map((s) => s.syncState)).toEqual([
      'synced',
      'synced',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(sales).toHaveLength(5);

    // Answered again, they go back to the history.
    await applyPushResults(
      db,
      [3, 4, 5].map((seq) => applied(sales[seq - 1]!)),
    );
    expect((await heldRecords(db)).map((h) => h.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps an answered batch in one row, split where part of it goes back or is pruned', async () => {
    const sales = await sellAndAck(6);
    expect(await db.history.toArray()).toMatchObject([{ seq: 1, through: 6 }]);
    const all = await heldRecords(db);
    expect(all.map((h) => h.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await heldRecords(db, 2, 4)).toEqual(all.slice(1, 3));

    await recordSale(db, draft());
    expect(await requeueForResend(db, 5)).toMatchObject({ kind: 'requeued', count: 2 });
    expect(await db.history.toArray()).toMatchObject([{ seq: 1, through: 4 }]);
    expect(await heldRecords(db)).toEqual(all.slice(0, 4));

    await pruneHistory(db, new Date(), { keepDays: 30, keepAtLeast: 1, keepAtMost: 1 });
    // One record left: a row of one is the record itself, as rows written one by one were.
    expect(await db.history.toArray()).toEqual([all[3]]);
    await applyPushResults(
      db,
      [5, 6].map((seq) => applied(sales[seq - 1]!)),
    );
    expect(await db.history.orderBy('seq').primaryKeys()).toEqual([4, 5]);
    expect((await heldRecords(db)).map((h) => h.seq)).toEqual([4, 5, 6]);
    expect(await requeueForResend(db, 4)).toMatchObject({ kind: 'requeued', fromSeq: 4, count: 3 });
    expect(await db.history.count()).toBe(0);
  });

  it('moves nothing when a sale row no longer matches what was sent', async () => {
    await sellAndAck(3);
    await recordSale(db, draft());
    await db.sales.where('seq').equals(2).modify({ totalMinor: 1 });
    expect(await requeueForResend(db, 1)).toEqual({ kind: 'notHeld', expectedSeq: 1, heldFrom: 1 });
    expect((await db.outbox.toArray()).map((op) => op.seq)).toEqual([4]);
    expect(await heldRecords(db)).toHaveLength(3);
  });

  it('moves nothing and says where its history starts when part of the range is gone', async () => {
    await sellAndAck(5);
    await recordSale(db, draft());
    // Pruned long ago down to three: the batch's row keeps its records from seq 3 on.
    expect(await pruneHistory(db, new Date(), { keepDays: 30, keepAtLeast: 3, keepAtMost: 3 })).toBe(2);
    expect(await requeueForResend(db, 1)).toEqual({ kind: 'notHeld', expectedSeq: 1, heldFrom: 3 });
    expect((await db.outbox.toArray()).map((op) => op.seq)).toEqual([6]);
    expect(await heldRecords(db)).toHaveLength(3);

    await db.history.clear();
    expect(await requeueForResend(db, 4)).toEqual({ kind: 'notHeld', expectedSeq: 4, heldFrom: null });
  });

  it('needs nothing from the history when the server expects the head of the queue or later', async () => {
    await sellAndAck(2);
    await recordSale(db, draft());
    await recordSale(db, draft());
    expect(await requeueForResend(db, 3)).toEqual({ kind: 'notBehind' });
    expect(await requeueForResend(db, 4)).toEqual({ kind: 'notBehind' });
    expect((await db.outbox.toArray()).map((op) => op.seq)).toEqual([3, 4]);
  });

  it('cannot send again an operation lost locally before it was ever acknowledged', async () => {
    await sellAndAck(2);
    await recordSale(db, draft());
    await recordSale(db, draft());
    await db.outbox.delete(3);
    expect(await requeueForResend(db, 3)).toEqual({ kind: 'notHeld', expectedSeq: 3, heldFrom: 1 });
    expect((await db.outbox.toArray()).map((op) => op.seq)).toEqual([4]);
  });

  it('a rejection that is applied when sent again leaves the attention list', async () => {
    const a = await recordSale(db, draft());
    await applyPushResults(db, [
      { opId: a.opId, seq: 1, status: 'rejected', reason: 'receipt_no_taken', quarantined: false },
    ]);
    expect(await db.rejected.count()).toBe(1);
    await recordSale(db, draft());
    expect(await requeueForResend(db, 1)).toMatchObject({ kind: 'requeued', count: 1 });
    await applyPushResults(db, [applied(a)]);
    expect(await db.rejected.count()).toBe(0);
    expect((await heldRecords(db, 1, 2))[0]).toMatchObject({ outcome: 'applied' });
  });

  describe('bounds', () => {
    const record = (seq: number, ackedAt: string): HistoryRecord => ({
      seq,
      opId: `0190a000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
      kind: 'sale.record',
      schemaVersion: 1,
      payload: { n: seq },
      payloadHash: 'a'.repeat(64),
      wallTime: ackedAt,
      outcome: 'applied',
      ackedAt,
    });
    const now = new Date('2030-06-01T00:00:00.000Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    const seqs = () => db.history.orderBy('seq').primaryKeys();

    it('keeps 30 days, and never fewer than the last 10,000 whatever their age', async () => {
      const old = HISTORY_BOUNDS.keepAtLeast + 700;
      await db.history.bulkAdd(Array.from({ length: old }, (_, i) => record(i + 1, daysAgo(45))));
      await db.history.bulkAdd([record(old + 1, daysAgo(2)), record(old + 2, daysAgo(1))]);
      expect(await pruneHistory(db, now)).toBe(702);
      const kept = await seqs();
      expect(kept).toHaveLength(HISTORY_BOUNDS.keepAtLeast);
      expect(kept[0]).toBe(703);
      expect(kept.at(-1)).toBe(old + 2);
    });

    it('drops only a prefix: an old record after a young one stays', async () => {
      const bounds = { keepDays: 30, keepAtLeast: 2, keepAtMost: 100 };
      await db.history.bulkAdd([
        record(1, daysAgo(40)),
        record(2, daysAgo(40)),
        record(3, daysAgo(5)), // acknowledged again after a resend
        record(4, daysAgo(40)),
        record(5, daysAgo(1)),
        record(6, daysAgo(1)),
      ]);
      expect(await pruneHistory(db, now, bounds)).toBe(2);
      expect(await seqs()).toEqual([3, 4, 5, 6]);
    });

    it('holds at most the cap, however young', async () => {
      const bounds = { keepDays: 30, keepAtLeast: 10, keepAtMost: 1200 };
      await db.history.bulkAdd(Array.from({ length: 1300 }, (_, i) => record(i + 1, daysAgo(1))));
      expect(await pruneHistory(db, now, bounds)).toBe(100);
      expect((await seqs())[0]).toBe(101);
      expect(await pruneHistory(db, now, bounds)).toBe(0);
    });
  });
});
