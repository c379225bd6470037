import {
  productRowSchema,
  pullChangeSchema,
  type ProductRow,
  type PullChange,
} from '../../shared/sync/protocol';
import {
  lineKey,
  partCountsRows,
  type SnapshotManifest,
  type SnapshotPartKind,
} from '../../shared/sync/snapshot';
import { parseUnknown } from '../../shared/validation';
import type { ParkedChange, TillDb } from './database';
import { repeatsKeys, storeBlocks } from './refBlocks';
import { pulledTables, storeChanges } from './catalog';
import { setMeta } from './meta';
import { timeStage, timeStageNow } from '../sync/bootstrapStages';

/** A part whose lines are out of order or not the rows they claim: the part is not stored. */
export class UnreadablePart extends Error {}

/**
 * Starts storing a snapshot on a till that has never pulled: whatever an earlier, abandoned
 * snapshot left (the server no longer had it) goes first, so no row of it outlives its deletion.
 * Cards issued at this till are rows of `cards` and stay.
 */
export async function beginSnapshot(db: TillDb, manifest: SnapshotManifest): Promise<void> {
  await db.transaction(
    'rw',
    [db.meta, db.refBlocks, db.products, db.customerSummaries, db.cashiers, db.pickupOrders],
    async () => {
      await Promise.all([
        db.refBlocks.clear(),
        db.products.clear(),
        db.customerSummaries.clear(),
        db.cashiers.clear(),
        db.pickupOrders.clear(),
      ]);
      await setMeta(db, 'bootstrap', { manifest, partsDone: 0, rowsDone: 0 });
    },
  );
}

/**
 * Stores part `index` and counts it done in the SAME transaction: a reload or a lost connection
 * after it resumes with the next part, one before it fetches this part again.
 */
export async function storeSnapshotPart(
  db: TillDb,
  manifest: SnapshotManifest,
  index: number,
  lines: readonly string[],
  rowsDone: number,
): Promise<void> {
  const part = manifest.parts[index];
  if (part === undefined || lines.length !== part.rows)
    throw new UnreadablePart(`part ${index}: ${lines.length} lines, ${part?.rows ?? 0} expected`);
  await db.transaction('rw', pulledTables(db), async () => {
    await storeLines(db, part.kind, lines);
    await setMeta(db, 'bootstrap', {
      manifest,
      partsDone: index + 1,
      rowsDone: rowsDone + (partCountsRows(part.kind) ? lines.length : 0),
    });
  });
}

/** The server no longer holds the snapshot: the next attempt starts from a new one. */
export async function abandonSnapshot(db: TillDb): Promise<void> {
  await db.meta.delete('bootstrap');
}

/** The snapshot is in: the pull goes on from its cursor, in the same transaction. */
export async function finishSnapshot(db: TillDb, manifest: SnapshotManifest): Promise<void> {
  const lines = (kind: SnapshotPartKind) =>
    manifest.parts.filter((p) => p.kind === kind).reduce((n, p) => n + p.rows, 0);
  await db.transaction('rw', db.meta, async () => {
    await setMeta(db, 'snapshotCards', lines('card'));
    await setMeta(db, 'snapshotProducts', lines('productByGtin'));
    await setMeta(db, 'pullCursor', manifest.cursor);
    await db.meta.delete('bootstrap');
  });
}

async function storeLines(db: TillDb, kind: SnapshotPartKind, lines: readonly string[]): Promise<void> {
  switch (kind) {
    case 'card':
    case 'cardByCustomer':
    case 'productByGtin':
    case 'productById':
    case 'productByName':
    case 'productByItemCode':
      timeStageNow(`${kind}: check order`, () => checkSorted(lines, !repeatsKeys(kind)));
      return storeBlocks(db, kind, lines);
    case 'product':
      return storeProducts(db, lines);
    case 'change': {
      const changes: PullChange[] = lines.map((line) => {
        const change = parseUnknown(pullChangeSchema, JSON.parse(line));
        if (!change.ok) throw new UnreadablePart(`change: ${change.error}`);
        return change.value;
      });
      await storeChanges(db, changes);
      return;
    }
  }
}

/** Blocks are searched by halving: a line out of order would hide others, so none is stored. */
function checkSorted(lines: readonly string[], strictly: boolean): void {
  let previous: string | null = null;
  for (const line of lines) {
    let key: string;
    try {
      key = lineKey(line);
    } catch {
      throw new UnreadablePart('a block line is not a keyed JSON array');
    }
    if (previous !== null && (strictly ? key <= previous : key < previous))
      throw new UnreadablePart('block lines out of order');
    previous = key;
  }
}

/**
 * Products from a server that predates product blocks go in as rows, with one `bulkPut`; a row
 * this version cannot read is parked, as a pull does.
 */
async function storeProducts(db: TillDb, lines: readonly string[]): Promise<void> {
  const products: ProductRow[] = [];
  const parked: ParkedChange[] = [];
  timeStageNow('product: parse + check', () => {
    for (const line of lines) {
      const data: unknown = JSON.parse(line);
      const product = parseUnknown(productRowSchema, data);
      if (product.ok) products.push(product.value);
      else parked.push({ topic: 'product', entityId: idOf(data), data, reason: product.error });
    }
  });
  await timeStage('product: bulkPut', () => db.products.bulkPut(products));
  if (parked.length > 0) await db.parked.bulkAdd(parked);
}

const idOf = (data: unknown) =>
  typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string' ? data.id : '';
