import { uuidv7 } from '../../../shared/domain/uuidv7';
import { openTillDb, type TillDb } from '../../../renderer/db/database';
import { setMeta } from '../../../renderer/db/meta';
import { beginSnapshot, storeSnapshotPart } from '../../../renderer/db/snapshotStore';
import { partCountsRows, type SnapshotManifest, type SnapshotPartKind } from '../../../shared/sync/snapshot';

/** A fresh, enrolled till database with a small catalog. */
export async function enrolledTillDb(): Promise<TillDb> {
  const db = openTillDb(`till-${uuidv7()}`);
  await db.open();
  await setMeta(db, 'device', {
    deviceId: uuidv7(),
    name: 'Till 1',
    token: 'otd_test',
    serverUrl: 'http://127.0.0.1:1',
    store: { id: uuidv7(), code: 'MSK-01', name: 'Moscow', currency: 'RUB' },
    enrolledAt: new Date().toISOString(),
  });
  await db.products.bulkAdd([
    { id: 'p1', gtin: '4601234567893', name: 'Milk 1 l', priceMinor: 8990 },
    { id: 'p2', gtin: '4600000000008', name: 'Bread', priceMinor: 5490 },
  ]);
  return db;
}

export const draft = (cash = 50_000) => ({
  cardNumber: '2990000000012',
  lines: [
    { productId: 'p1', gtin: '4601234567893', name: 'Milk 1 l', quantityMilli: 2000, unitPriceMinor: 8990 },
    { productId: 'p2', gtin: '4600000000008', name: 'Bread', quantityMilli: 1000, unitPriceMinor: 5490 },
  ],
  cashTenderedMinor: cash,
});

/**
 * Stores parts as a new till stores a snapshot, each in its own transaction with the rows done
 * so far; returns the manifest, for the caller to finish it (`finishSnapshot`) or not.
 */
export async function storeSnapshotParts(
  db: TillDb,
  parts: readonly { kind: SnapshotPartKind; lines: string[] }[],
): Promise<SnapshotManifest> {
  const manifest: SnapshotManifest = {
    snapshotId: 'test',
    cursor: '0.1',
    rows: parts.filter((p) => partCountsRows(p.kind)).reduce((n, p) => n + p.lines.length, 0),
    parts: parts.map((part, index) => ({ index, kind: part.kind, rows: part.lines.length })),
  };
  await beginSnapshot(db, manifest);
  let rowsDone = 0;
  for (const [index, part] of parts.entries()) {
    await storeSnapshotPart(db, manifest, index, part.lines, rowsDone);
    if (partCountsRows(part.kind)) rowsDone += part.lines.length;
  }
  return manifest;
}
