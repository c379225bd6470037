import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { keepOpenAcrossUpgrades, openWaitingVisibly } from '../../../renderer/db/connection';
import { declareTillSchema, openTillDb, TILL_DB_VERSION, type TillDb } from '../../../renderer/db/database';
import { recordSale } from '../../../renderer/db/sales';
import { draft, enrolledTillDb } from './support';

/**
 * The next build of the store app as it will be written: every released version, then one more
 * that adds a table (versions only add). Nothing about it is test-only but the table's name.
 */
function nextBuild(name: string): TillDb {
  const db = new Dexie(name) as TillDb;
  declareTillSchema(db);
  db.version(db.verno + 1).stores({ drafts: 'id' });
  keepOpenAcrossUpgrades(db);
  return db;
}

/** A connection that does not let go when asked: a window busy elsewhere, or an older build. */
function stubbornConnection(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe('two windows of one till and an upgrade of its database', () => {
  const opened: Dexie[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  it('the older window makes way and keeps recording at the new version; no seq is lost or doubled', async () => {
    const older = await enrolledTillDb();
    opened.push(older);
    await recordSale(older, draft());

    let blocked = 0;
    const newer = nextBuild(older.name);
    opened.push(newer);
    await openWaitingVisibly(newer, () => (blocked += 1));
    // The older window closed when asked: nothing held the upgrade back.
    expect(blocked).toBe(0);
    expect(newer.tables.map((t) => t.name)).toContain('drafts');

    const fromOlder = await recordSale(older, draft());
    const fromNewer = await recordSale(newer, draft());
    const again = await recordSale(older, draft());
    expect([fromOlder.seq, fromNewer.seq, again.seq]).toEqual([2, 3, 4]);
    expect(older.isOpen()).toBe(true);
    expect(older.backendDB().version).toBe(newer.backendDB().version);

    const outbox = await newer.outbox.orderBy('seq').toArray();
    expect(outbox.map((op) => op.seq)).toEqual([1, 2, 3, 4]);
    expect(new Set(outbox.map((op) => op.opId)).size).toBe(4);
    expect(await newer.sales.count()).toBe(4);
  });

  it('the upgrading window says it is blocked while another holds on, and a sale made meanwhile lands once', async () => {
    const older = await enrolledTillDb();
    opened.push(older);
    await recordSale(older, draft());
    const holder = await stubbornConnection(older.name);

    let blocked = 0;
    const newer = nextBuild(older.name);
    opened.push(newer);
    const opening = openWaitingVisibly(newer, () => (blocked += 1));
    await until(() => blocked > 0);

    // The older window has made way and waits behind the upgrade; its cashier confirms a sale.
    const meanwhile = recordSale(older, draft());
    holder.close();
    await opening;
    const waited = await meanwhile;
    const after = await recordSale(newer, draft());

    expect([waited.seq, after.seq]).toEqual([2, 3]);
    const outbox = await newer.outbox.orderBy('seq').toArray();
    expect(outbox.map((op) => op.seq)).toEqual([1, 2, 3]);
    expect(outbox.map((op) => op.opId)).toEqual(expect.arrayContaining([waited.opId, after.opId]));
  });

  it('a plain till database opens and closes as before', async () => {
    const db = openTillDb(`till-plain-${Date.now()}`);
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(TILL_DB_VERSION);
  });
});
