import type Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { openTillDb, TILL_DB_VERSION, type SaleRecord } from '../../../renderer/db/database';
import { requeueForResend } from '../../../renderer/db/history';
import { setMeta } from '../../../renderer/db/meta';
import { applyPushResults } from '../../../renderer/db/outbox';
import { recordSale } from '../../../renderer/db/sales';
import { draft } from './support';
import { releasedTillDb, seedEnrolledMeta, queueAsReleased } from './releasedVersions';
import { withSyncStates } from '../../../renderer/db/saleSync';

describe('till database version 2: the history of recorded operations', () => {
  const opened: Dexie[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.delete();
  });

  it('opens a version 1 database with a queued outbox, leaves the queue as it was and starts an empty history', async () => {
    const name = `till-v1-${uuidv7()}`;
    const old = releasedTillDb(name, 1);
    opened.push(old);
    await old.open();
    await seedEnrolledMeta(old, { next: 1, pullCursor: '42' });
    // Version 1 deleted what the server recorded: seq 1 and 2 are gone from its outbox.
    const sold = [];
    // This build's recordSale also empties the basket table version 1 lacks: sales are recorded on a
    // scratch database of this build and copied in, as version 1 wrote them.
    const scratch = openTillDb(`till-scratch-${uuidv7()}`);
    opened.push(scratch);
    await scratch.open();
    await setMeta(scratch, 'device', (await old.meta.get('device'))!.value as never);
    for (let i = 0; i < 5; i++) sold.push(await recordSale(scratch, draft()));
    await old.outbox.bulkAdd(await queueAsReleased(scratch));
    await old.sales.bulkAdd(await scratch.sales.toArray());
    await old.meta.put({ key: 'counters', value: { nextSeq: 6, nextReceipt: 6 } });
    await old.outbox.bulkDelete([1, 2]);
    // Releases before version 10 kept each sale's sync state on its row.
    await old.sales.toCollection().modify((sale) => {
      Object.assign(sale, { syncState: sale.seq <= 2 ? 'synced' : sale.seq === 3 ? 'rejected' : 'pending' });
    });
    await old.rejected.put({
      ...(await queueAsReleased(old)).find((op) => op.seq === 3)!,
      reason: 'receipt_no_taken',
      detail: null,
      rejectedAt: new Date().toISOString(),
      quarantined: false,
    });
    await old.outbox.delete(3);
    const queue = await old.outbox.orderBy('seq').toArray();
    const sales = (await old.sales.orderBy('seq').toArray()).map(
      ({ syncState: _, ...sale }: SaleRecord & { syncState?: string }) => sale,
    );
    const meta = await old.meta.toArray();
    expect(queue.map((op) => op.seq)).toEqual([4, 5]);
    old.close();

    const db = openTillDb(name);
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(TILL_DB_VERSION);
    expect(await db.outbox.orderBy('seq').toArray()).toEqual(queue);
    expect(await db.sales.orderBy('seq').toArray()).toEqual(sales);
    expect((await withSyncStates(db, sales)).map((s) => s.syncState)).toEqual([
      'synced',
      'synced',
      'rejected',
      'pending',
      'pending',
    ]);
    expect(await db.meta.toArray()).toEqual(meta);
    expect(await db.rejected.count()).toBe(1);
    expect(await db.history.count()).toBe(0);

    // The next sale continues the stream; answers from now on fill the history.
    const next = await recordSale(db, draft());
    expect(next.seq).toBe(6);
    await applyPushResults(db, [
      { opId: queue[0]!.opId, seq: 4, status: 'applied', outcome: { outcome: 'applied', entityId: 'x' } },
    ]);
    expect(await db.history.toArray()).toMatchObject([{ seq: 4, opId: queue[0]!.opId, outcome: 'applied' }]);
    // What version 1 deleted before the upgrade cannot be sent again, and the till says so.
    expect(await requeueForResend(db, 2)).toEqual({ kind: 'notHeld', expectedSeq: 2, heldFrom: 4 });
    expect(sold).toHaveLength(5);
  });
});
