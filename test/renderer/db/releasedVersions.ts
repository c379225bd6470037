import Dexie from 'dexie';
import { afterEach } from 'vitest';
import { recordSale } from '../../../renderer/db/sales';
import { draft } from './support';
import { openTillDb, type TillDb } from '../../../renderer/db/database';
import { setMeta } from '../../../renderer/db/meta';
import { withPayloads, type WholeOutboxRecord } from '../../../renderer/db/outboxPayloads';
import { uuidv7 } from '../../../shared/domain/uuidv7';

/**
 * The till's database as an earlier release declared it, version by version, exactly as shipped
 * (renderer/db/database.ts never edits a released version). Upgrade tests open one of these with
 * data in it, then open this build's database over it.
 */
const RELEASED: ReadonlyArray<readonly [ReleasedVersion, (db: Dexie) => void]> = [
  [
    1,
    (db) =>
      db.version(1).stores({
        meta: 'key',
        products: 'id, &gtin, name',
        cards: 'number, customerId',
        sales: 'saleId, &receiptNo, &seq',
        outbox: 'seq, &opId',
        rejected: 'seq, opId',
        parked: '++id, topic',
      }),
  ],
  [2, (db) => db.version(2).stores({ history: 'seq, &opId' })],
  [3, (db) => db.version(3).stores({ basket: 'id', heldBaskets: '++id' })],
  // No release declared a version 4. Version 5's upgrade only unparks rows, so opening an empty
  // database at 5 or later needs none of it.
  [
    5,
    (db) =>
      db.version(5).stores({
        customerSummaries: 'customerId, phoneKey',
        sales: 'saleId, &receiptNo, &seq, [cardNumber+syncState]',
      }),
  ],
  [
    6,
    (db) =>
      db.version(6).stores({
        returns: 'returnId, saleId, &seq',
        sales: 'saleId, &receiptNo, &seq, [cardNumber+syncState], linkCode',
      }),
  ],
  [
    7,
    (db) =>
      db.version(7).stores({
        cashiers: 'id',
        shifts: 'id, status',
        cashMoves: 'moveId, shiftId',
        pinAttempts: 'key',
      }),
  ],
  [
    8,
    (db) =>
      db.version(8).stores({
        pickupOrders: 'id, orderNumber, customer.phoneKey, *customer.cardNumbers, status',
        pickupHandouts: 'pickupId, orderId, &seq, state',
        pickupAttempts: 'orderId',
      }),
  ],
  [9, (db) => db.version(9).stores({ refBlocks: '[kind+first]' })],
  [10, (db) => db.version(10).stores({ sales: 'saleId, &receiptNo, &seq, [cardNumber+seq], linkCode' })],
];

export type ReleasedVersion = 1 | 2 | 3 | 5 | 6 | 7 | 8 | 9 | 10;

/** The database `name` as release `version` declared it. */
export function releasedTillDb(name: string, version: ReleasedVersion): TillDb {
  const db = new Dexie(name) as TillDb;
  for (const [released, declare] of RELEASED) if (released <= version) declare(db);
  return db;
}

/** The meta rows an enrolled till of any release holds: by default nothing sold, pull cursor '7'. */
export async function seedEnrolledMeta(
  db: TillDb,
  { next = 1, pullCursor = '7' }: { next?: number; pullCursor?: string } = {},
): Promise<void> {
  await db.meta.bulkAdd([
    { key: 'install', value: { installId: uuidv7(), createdAt: new Date().toISOString() } },
    { key: 'counters', value: { nextSeq: next, nextReceipt: next } },
    { key: 'pullCursor', value: pullCursor },
    { key: 'lastSync', value: { pushAt: null, pullAt: null } },
  ]);
  await setMeta(db, 'device', {
    deviceId: uuidv7(),
    name: 'Till 1',
    token: 'otd_test',
    serverUrl: 'http://127.0.0.1:1',
    store: { id: uuidv7(), code: 'MSK-01', name: 'Moscow', currency: 'RUB' },
    enrolledAt: new Date().toISOString(),
  });
}

/**
 * Release `version`'s database `name` with an enrolled till's meta, and a scratch database of this
 * build enrolled as the same till, to record sales in and copy into the old one. Both are pushed
 * on `opened` for the test to delete.
 */
export async function releasedWithScratch(
  name: string,
  version: ReleasedVersion,
  opened: Dexie[],
): Promise<{ old: TillDb; scratch: TillDb }> {
  const old = releasedTillDb(name, version);
  const scratch = openTillDb(`till-scratch-${uuidv7()}`);
  opened.push(old, scratch);
  await old.open();
  await seedEnrolledMeta(old);
  await scratch.open();
  await setMeta(scratch, 'device', (await old.meta.get('device'))!.value as never);
  return { old, scratch };
}

/** The databases a test opens, each deleted after the test. */
export function deletedAfterEach(): Dexie[] {
  const opened: Dexie[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.delete();
  });
  return opened;
}

/** Records a sale in the scratch database and copies it, queued, into the old one; returns the queue. */
export async function queueSaleIn(old: TillDb, scratch: TillDb) {
  await recordSale(scratch, draft());
  await old.outbox.bulkAdd(await queueAsReleased(scratch));
  await old.sales.bulkAdd(await scratch.sales.toArray());
  await old.meta.put({ key: 'counters', value: (await scratch.meta.get('counters'))!.value });
  return old.outbox.toArray();
}

/** This build's database over an older one's `name`, opened (and so upgraded). */
export async function openUpgraded(name: string, opened: Dexie[]): Promise<TillDb> {
  const db = openTillDb(name);
  opened.push(db);
  await db.open();
  return db;
}

/**
 * The queue of a database of this build as a release stored it: every payload whole, a sale's too
 * (this build writes a sale's record without the copy, docs/sync-protocol.md §15.1), in seq order.
 */
export async function queueAsReleased(db: TillDb): Promise<WholeOutboxRecord[]> {
  return withPayloads(db, await db.outbox.orderBy('seq').toArray());
}
