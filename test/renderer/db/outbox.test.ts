import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TillDb } from '../../../renderer/db/database';
import { heldRecords, requeueForResend } from '../../../renderer/db/history';
import { applyPushResults, pendingAfter, pendingCount } from '../../../renderer/db/outbox';
import { getMeta } from '../../../renderer/db/meta';
import { recordSale } from '../../../renderer/db/sales';
import { draft, enrolledTillDb } from './support';
import { withSyncStates } from '../../../renderer/db/saleSync';

describe('applying push answers', () => {
  let db: TillDb;
  beforeEach(async () => {
    db = await enrolledTillDb();
  });
  afterEach(() => db.delete());

  it('clears recorded operations, keeps rejected ones for attention and counts retries', async () => {
    const a = await recordSale(db, draft());
    const b = await recordSale(db, draft());
    const c = await recordSale(db, draft());
    const summary = await applyPushResults(db, [
      { opId: a.opId, seq: 1, status: 'applied', outcome: { outcome: 'applied', entityId: a.sale.saleId } },
      {
        opId: b.opId,
        seq: 2,
        status: 'rejected',
        reason: 'invalid_payload',
        detail: 'total',
        quarantined: false,
      },
      { opId: c.opId, seq: 3, status: 'retry', reason: 'transient' },
    ]);
    expect(summary).toEqual({
      acked: 1,
      ackedSales: 1,
      rejected: 1,
      quarantined: 0,
      retry: 1,
      gap: 0,
      retryReason: 'transient',
      expectedSeq: null,
      ackedThroughSeq: 2,
    });
    expect((await db.outbox.toArray()).map((o) => [o.seq, o.attempts, o.lastError])).toEqual([
      [3, 1, 'transient'],
    ]);
    expect(await db.rejected.toArray()).toMatchObject([
      { seq: 2, reason: 'invalid_payload', detail: 'total' },
    ]);
    expect(
      (await withSyncStates(db, await db.sales.orderBy('seq').toArray())).map((s) => s.syncState),
    ).toEqual(['synced', 'rejected', 'pending']);
  });

  it('treats a duplicate of an earlier rejection as a rejection', async () => {
    const a = await recordSale(db, draft());
    await applyPushResults(db, [
      {
        opId: a.opId,
        seq: 1,
        status: 'duplicate',
        outcome: { outcome: 'rejected', reason: 'receipt_no_taken' },
      },
    ]);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.rejected.toArray()).toMatchObject([{ seq: 1, reason: 'receipt_no_taken' }]);
  });

  it('keeps a set-aside operation marked as such when its answer comes again as a duplicate', async () => {
    const a = await recordSale(db, draft());
    const summary = await applyPushResults(db, [
      {
        opId: a.opId,
        seq: 1,
        status: 'duplicate',
        outcome: { outcome: 'rejected', reason: 'failed_repeatedly', detail: 'boom', quarantined: true },
      },
    ]);
    expect(summary).toMatchObject({ rejected: 1, quarantined: 1 });
    expect(await db.rejected.toArray()).toMatchObject([
      { seq: 1, reason: 'failed_repeatedly', detail: 'boom', quarantined: true },
    ]);
  });

  it('ignores an answer for an operation it no longer holds', async () => {
    const a = await recordSale(db, draft());
    await applyPushResults(db, [
      { opId: a.opId, seq: 1, status: 'applied', outcome: { outcome: 'applied', entityId: 'x' } },
    ]);
    const again = await applyPushResults(db, [
      { opId: a.opId, seq: 1, status: 'duplicate', outcome: { outcome: 'applied', entityId: 'x' } },
    ]);
    expect(again.acked).toBe(0);
  });

  it('stores the answers to a batch it sent from the operations as sent, as reading them again would', async () => {
    for (let i = 0; i < 4; i++) await recordSale(db, draft());
    const ops = await pendingAfter(db, 0, 3, Infinity);
    const queued = await db.outbox.bulkGet([1, 2, 3]);
    const { installId } = (await getMeta(db, 'install'))!;
    const summary = await applyPushResults(
      db,
      ops.map((op, i) =>
        i === 1
          ? { opId: op.opId, seq: op.seq, status: 'rejected', reason: 'invalid_payload', quarantined: false }
          : { opId: op.opId, seq: op.seq, status: 'applied', outcome: { outcome: 'applied', entityId: 'x' } },
      ),
      new Date('2026-03-01T10:00:00Z'),
      { installId, ops },
    );
    expect(summary).toMatchObject({ acked: 2, rejected: 1, ackedThroughSeq: 3 });
    expect((await db.outbox.toArray()).map((o) => o.seq)).toEqual([4]);
    // The history keeps a sale without its payload, which is its sale row.
    const { attempts: _a, lastError: _e, payload: _p, ...second } = queued[1]!;
    expect((await heldRecords(db, 2, 3))[0]).toEqual({
      ...second,
      outcome: 'rejected',
      ackedAt: '2026-03-01T10:00:00.000Z',
    });
    expect(await db.rejected.get(2)).toMatchObject({ ...queued[1], reason: 'invalid_payload' });
    expect(
      (await withSyncStates(db, await db.sales.orderBy('seq').toArray())).map((s) => s.syncState),
    ).toEqual(['synced', 'rejected', 'synced', 'pending']);
  });

  it('stores nothing when the database holds another install than the one the batch was sent for', async () => {
    await recordSale(db, draft());
    const ops = await pendingAfter(db, 0, 500, Infinity);
    const summary = await applyPushResults(
      db,
      [{ opId: ops[0]!.opId, seq: 1, status: 'applied', outcome: { outcome: 'applied', entityId: 'x' } }],
      new Date(),
      { installId: 'an-earlier-install', ops },
    );
    expect(summary.acked).toBe(0);
    expect(await db.outbox.count()).toBe(1);
    expect((await withSyncStates(db, await db.sales.toArray())).map((s) => s.syncState)).toEqual(['pending']);
  });
});

describe('reading the queue for a push', () => {
  let db: TillDb;
  beforeEach(async () => {
    db = await enrolledTillDb();
  });
  afterEach(() => db.delete());

  it('fills a batch in seq order up to its count or its bytes, and sends an oversized operation alone', async () => {
    for (let i = 0; i < 6; i++) await recordSale(db, draft());
    const one = JSON.stringify((await pendingAfter(db, 0, 1, Infinity))[0]).length;
    expect((await pendingAfter(db, 0, 4, Infinity)).map((op) => op.seq)).toEqual([1, 2, 3, 4]);
    expect((await pendingAfter(db, 2, 500, Infinity)).map((op) => op.seq)).toEqual([3, 4, 5, 6]);
    expect((await pendingAfter(db, 0, 500, one * 2.5)).map((op) => op.seq)).toEqual([1, 2]);
    expect((await pendingAfter(db, 3, 500, 10)).map((op) => op.seq)).toEqual([4]);
  });

  it('counts the queue from its first and last seq, through answers and a resend', async () => {
    expect(await pendingCount(db)).toBe(0);
    const sold = [];
    for (let i = 0; i < 5; i++) sold.push(await recordSale(db, draft()));
    expect(await pendingCount(db)).toBe(5);
    await applyPushResults(
      db,
      sold.slice(0, 3).map((s) => ({
        opId: s.opId,
        seq: s.seq,
        status: 'applied' as const,
        outcome: { outcome: 'applied' as const, entityId: s.sale.saleId },
      })),
    );
    expect(await pendingCount(db)).toBe(await db.outbox.count());
    expect(await pendingCount(db)).toBe(2);
    await requeueForResend(db, 2);
    expect(await pendingCount(db)).toBe(await db.outbox.count());
    expect(await pendingCount(db)).toBe(4);
  });
});
