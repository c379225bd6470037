import type Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { openTillDb, TILL_DB_VERSION } from '../../../renderer/db/database';
import { setMeta } from '../../../renderer/db/meta';
import { recordSale } from '../../../renderer/db/sales';
import { openShift } from '../../../renderer/db/shifts';
import { draft } from './support';
import { releasedTillDb, seedEnrolledMeta, queueAsReleased } from './releasedVersions';

describe('till database version 7: cashiers and shifts', () => {
  const opened: Dexie[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.delete();
  });

  it('opens a version 3 database with a queued sale, leaves the queue as it was, and opens a shift after it', async () => {
    const name = `till-v3-${uuidv7()}`;
    const old = releasedTillDb(name, 3);
    opened.push(old);
    await old.open();
    await seedEnrolledMeta(old);
    // This build's recordSale touches tables version 3 lacks: the sale is recorded on a scratch
    // database of this build and copied in, as version 3 wrote it.
    const scratch = openTillDb(`till-scratch-${uuidv7()}`);
    opened.push(scratch);
    await scratch.open();
    await setMeta(scratch, 'device', (await old.meta.get('device'))!.value as never);
    await recordSale(scratch, draft());
    await old.outbox.bulkAdd(await queueAsReleased(scratch));
    await old.sales.bulkAdd(await scratch.sales.toArray());
    await old.meta.put({ key: 'counters', value: (await scratch.meta.get('counters'))!.value });
    const queued = await old.outbox.toArray();
    old.close();

    const db = openTillDb(name);
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(TILL_DB_VERSION);
    expect(await db.outbox.toArray()).toEqual(queued);
    expect(await db.cashiers.count()).toBe(0);
    const shift = await openShift(db, 'c-1', 0);
    expect(shift.openSeq).toBe(2);
  });
});
