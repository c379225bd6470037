import type Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { openTillDb, TILL_DB_VERSION } from '../../../renderer/db/database';
import { findSale, recordReturn } from '../../../renderer/db/returns';
import { recordSale } from '../../../renderer/db/sales';
import { draft, enrolledTillDb } from './support';
import { releasedTillDb } from './releasedVersions';

describe('till database version 6: returns, and sales found by link code', () => {
  const opened: Dexie[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.delete();
  });

  it('opens a version 3 database with a queued outbox, leaves the queue as it was, and returns against its sales', async () => {
    const src = await enrolledTillDb();
    opened.push(src);
    for (let i = 0; i < 2; i++) await recordSale(src, draft());
    // A sale of the old build has no link code.
    const oldSales = (await src.sales.orderBy('seq').toArray()).map(({ linkCode: _, ...s }) => s);
    const name = `till-v3-${uuidv7()}`;
    const old = releasedTillDb(name, 3);
    opened.push(old);
    await old.open();
    await old.meta.bulkAdd(await src.meta.toArray());
    await old.sales.bulkAdd(oldSales);
    await old.outbox.bulkAdd(await src.outbox.toArray());
    const queue = await old.outbox.orderBy('seq').toArray();
    old.close();

    const db = openTillDb(name);
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(TILL_DB_VERSION);
    expect(await db.outbox.orderBy('seq').toArray()).toEqual(queue);
    expect(await db.returns.count()).toBe(0);

    const sold = oldSales[0]!;
    expect((await findSale(db, sold.receiptNo))?.saleId).toBe(sold.saleId);
    const ret = await recordReturn(db, {
      sale: (await db.sales.get(sold.saleId))!,
      lines: [{ lineNo: 2, quantityMilli: 1000 }],
      reason: 'stale',
    });
    expect(ret).toMatchObject({ ok: true, record: { seq: 3, refundMinor: 5490 } });
    const { sale } = await recordSale(db, draft());
    expect((await findSale(db, `OMNI-L:${sale.linkCode}`))?.saleId).toBe(sale.saleId);
  });
});
