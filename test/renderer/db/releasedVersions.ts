import Dexie from 'dexie';
import type { TillDb } from '../../../renderer/db/database';
import { setMeta } from '../../../renderer/db/meta';
import { uuidv7 } from '../../../shared/domain/uuidv7';

/**
 * The till's database as an earlier release declared it, version by version, exactly as shipped
 * (renderer/db/database.ts never edits a released version). Upgrade tests open one of these with
 * data in it, then open this build's database over it.
 */
const RELEASED: ReadonlyArray<(db: Dexie) => void> = [
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
  (db) => db.version(2).stores({ history: 'seq, &opId' }),
  (db) => db.version(3).stores({ basket: 'id', heldBaskets: '++id' }),
];

/** The database `name` as release `version` (1–3) declared it. */
export function releasedTillDb(name: string, version: 1 | 2 | 3): TillDb {
  const db = new Dexie(name) as TillDb;
  for (const declare of RELEASED.slice(0, version)) declare(db);
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
