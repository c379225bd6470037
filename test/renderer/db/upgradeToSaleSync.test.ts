import type Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { openTillDb, TILL_DB_VERSION } from '../../../renderer/db/database';
import { historyOf } from '../../../renderer/db/history';
import { unsyncedBurnedPoints } from '../../../renderer/db/loyalty';
import { applyPushResults } from '../../../renderer/db/outbox';
import { recordSale } from '../../../renderer/db/sales';
import { withSyncStates } from '../../../renderer/db/saleSync';
import { releasedWithScratch, queueAsReleased } from './releasedVersions';
import { draft } from './support';

const CARD = '2990000000012';

describe('till database version 10: a sale sync state kept where its operation is', () => {
  const opened: Dexie[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.delete();
  });

  it('opens a version 9 database and every sale keeps the state its row held', async () => {
    const name = `till-v9-${uuidv7()}`;
    const { old, scratch } = await releasedWithScratch(name, 9, opened);
    for (let i = 0; i < 5; i++) await recordSale(scratch, draft());
    const ops = await queueAsReleased(scratch);
    const at = new Date('2026-03-01T10:00:00.000Z');
    // Two sales recorded, one rejected, two queued, each burning points on the card, with the
    // state on the row as version 9 kept it.
    const stateOf = (seq: number) => (seq <= 2 ? 'synced' : seq === 3 ? 'rejected' : 'pending');
    const rows = (await scratch.sales.orderBy('seq').toArray()).map((sale) => ({
      ...sale,
      loyalty: {
        configVersion: 1,
        tierCode: 'base',
        discountMinor: 0,
        pointsBurned: sale.seq * 10,
        burnValueMinor: 0,
        pointsEarned: 0,
      },
      syncState: stateOf(sale.seq),
    }));
    await old.sales.bulkAdd(rows);
    await old.history.bulkAdd(ops.slice(0, 2).map((op) => historyOf(op, 'applied', at)));
    await old.history.add(historyOf(ops[2]!, 'rejected', at));
    await old.rejected.add({
      ...ops[2]!,
      reason: 'receipt_no_taken',
      detail: null,
      rejectedAt: at.toISOString(),
      quarantined: false,
    });
    await old.outbox.bulkAdd(ops.slice(3));
    await old.meta.put({ key: 'counters', value: { nextSeq: 6, nextReceipt: 6 } });
    await old.cards.add({ number: CARD, customerId: 'c1', maskedName: 'Anna P.', status: 'active' });
    old.close();

    const db = openTillDb(name);
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(TILL_DB_VERSION);
    // The rows lose the field, nothing else; the queue is untouched.
    const sales = await db.sales.orderBy('seq').toArray();
    expect(sales).toEqual(rows.map(({ syncState: _, ...sale }) => sale));
    expect(await db.outbox.orderBy('seq').toArray()).toEqual(ops.slice(3));
    expect((await withSyncStates(db, sales)).map((s) => [s.seq, s.syncState])).toEqual(
      rows.map((row) => [row.seq, row.syncState]),
    );
    // Only the queued sales' burns are unsynced: 40 + 50 points.
    expect(await unsyncedBurnedPoints(db, 'c1')).toBe(90);

    // Acknowledging a queued sale makes it synced without writing the sale.
    await applyPushResults(
      db,
      [{ seq: 4, opId: ops[3]!.opId, status: 'applied', outcome: { outcome: 'applied', entityId: 'x' } }],
      at,
    );
    expect(await db.sales.orderBy('seq').toArray()).toEqual(sales);
    expect((await withSyncStates(db, sales)).map((s) => s.syncState)).toEqual([
      'synced',
      'synced',
      'rejected',
      'synced',
      'pending',
    ]);
    expect(await unsyncedBurnedPoints(db, 'c1')).toBe(50);
  });
});
