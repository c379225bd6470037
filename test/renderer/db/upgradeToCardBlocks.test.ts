import type Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/domain/uuidv7';
import { applyPullPage, findCard } from '../../../renderer/db/catalog';
import { openTillDb, TILL_DB_VERSION } from '../../../renderer/db/database';
import { getMeta, setMeta } from '../../../renderer/db/meta';
import { recordSale } from '../../../renderer/db/sales';
import { releasedTillDb, seedEnrolledMeta, queueAsReleased } from './releasedVersions';
import { draft } from './support';

describe('till database version 9: cards in snapshot blocks', () => {
  const opened: Dexie[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.delete();
  });

  it('opens a version 8 database with a queued sale and pulled cards, and keeps finding them', async () => {
    const name = `till-v8-${uuidv7()}`;
    const old = releasedTillDb(name, 8);
    opened.push(old);
    await old.open();
    await seedEnrolledMeta(old);
    const scratch = openTillDb(`till-scratch-${uuidv7()}`);
    opened.push(scratch);
    await scratch.open();
    await setMeta(scratch, 'device', (await old.meta.get('device'))!.value as never);
    await recordSale(scratch, draft());
    await old.outbox.bulkAdd(await queueAsReleased(scratch));
    await old.sales.bulkAdd(await scratch.sales.toArray());
    await old.meta.put({ key: 'counters', value: (await scratch.meta.get('counters'))!.value });
    const card = {
      number: '2990000000012',
      customerId: 'c1',
      maskedName: 'Anna P.',
      status: 'active' as const,
    };
    await old.cards.add(card);
    const queued = await old.outbox.toArray();
    old.close();

    const db = openTillDb(name);
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(TILL_DB_VERSION);
    expect(await db.outbox.toArray()).toEqual(queued);
    expect(await db.refBlocks.count()).toBe(0);
    // Pulled before the upgrade: still a row, still found; the pull goes on from its cursor.
    expect(await findCard(db, card.number)).toEqual(card);
    expect(await getMeta(db, 'pullCursor')).toBe('7');
    await applyPullPage(db, {
      changes: [{ topic: 'card', id: card.number, data: null }],
      cursor: '8',
      hasMore: false,
    });
    expect(await findCard(db, card.number)).toBeUndefined();
  });
});
