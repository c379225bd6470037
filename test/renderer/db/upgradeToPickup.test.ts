import type Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { applyPullPage } from '../../../renderer/db/catalog';
import { openTillDb, TILL_DB_VERSION } from '../../../renderer/db/database';
import { setMeta } from '../../../renderer/db/meta';
import { findPickupOrders, recordPickup } from '../../../renderer/db/pickups';
import { recordSale } from '../../../renderer/db/sales';
import { buildPickupConfirm, handOutAll } from '../../../renderer/pickup/handout';
import { pickupOrder } from '../pickup/support';
import { releasedTillDb, seedEnrolledMeta, queueAsReleased } from './releasedVersions';
import { draft } from './support';

describe('till database version 8: the pickup desk', () => {
  const opened: Dexie[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.delete();
  });

  it('opens a version 7 database with a queued sale and a shift, leaves them as they were, and takes orders after it', async () => {
    const name = `till-v7-${uuidv7()}`;
    const old = releasedTillDb(name, 7);
    opened.push(old);
    await old.open();
    await seedEnrolledMeta(old);
    // This build's recordSale touches tables version 7 lacks: the sale is recorded on a scratch
    // database of this build and copied in, as version 7 wrote it.
    const scratch = openTillDb(`till-scratch-${uuidv7()}`);
    opened.push(scratch);
    await scratch.open();
    await setMeta(scratch, 'device', (await old.meta.get('device'))!.value as never);
    await recordSale(scratch, draft());
    await old.outbox.bulkAdd(await queueAsReleased(scratch));
    await old.sales.bulkAdd(await scratch.sales.toArray());
    await old.meta.put({ key: 'counters', value: (await scratch.meta.get('counters'))!.value });
    await old.shifts.add({
      id: uuidv7(),
      cashierId: uuidv7(),
      openingCashMinor: 0,
      openSeq: 1,
      openedAt: new Date().toISOString(),
      status: 'open',
      close: null,
    });
    const queued = await old.outbox.toArray();
    const shifts = await old.shifts.toArray();
    old.close();

    const db = openTillDb(name);
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(TILL_DB_VERSION);
    expect(await db.outbox.toArray()).toEqual(queued);
    expect(await db.shifts.toArray()).toEqual(shifts);
    expect(await db.pickupOrders.count()).toBe(0);

    // The next pull brings the store's orders; a hand-out follows the queued sale in seq.
    const order = pickupOrder();
    await applyPullPage(db, {
      changes: [{ topic: 'pickup_order', id: order.id, data: order }],
      cursor: '8',
      hasMore: false,
    });
    expect(await findPickupOrders(db, order.customer.cardNumbers[0]!)).toMatchObject({ kind: 'found' });
    const handout = await recordPickup(
      db,
      buildPickupConfirm({
        order,
        drafts: handOutAll(order),
        verification: { method: 'id_check', note: 'passport, last 4: 1234', failedAttempts: 0 },
        cardNumber: null,
        cashierId: null,
      }),
    );
    expect(handout.seq).toBe(queued.at(-1)!.seq + 1);
  });
});
