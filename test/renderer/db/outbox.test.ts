import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TillDb } from '../../../renderer/db/database';
import { applyPushResults } from '../../../renderer/db/outbox';
import { recordSale } from '../../../renderer/db/sales';
import { draft, enrolledTillDb } from './support';

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
    expect((await db.sales.orderBy('seq').toArray()).map((s) => s.syncState)).toEqual([
      'synced',
      'rejected',
      'pending',
    ]);
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
});
