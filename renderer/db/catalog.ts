import {
  cardRowSchema,
  productRowSchema,
  storeRowSchema,
  type CardRow,
  type ProductRow,
  type PullChange,
  type PullOutput,
} from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import type { ParkedChange, TillDb } from './database';
import { getMeta, setMeta } from './meta';
import { readPulledScanConfig, replacesHeld } from './scanConfig';

/**
 * Stores one pulled page and moves the cursor in the SAME transaction: if the page cannot be
 * stored, the cursor stays where it was and the page comes again. Rows this version does not
 * understand are parked with their reason instead of skipped, to be re-applied after an upgrade.
 */
export async function applyPullPage(
  db: TillDb,
  page: PullOutput,
): Promise<{ stored: number; parked: number }> {
  return db.transaction('rw', [db.products, db.cards, db.meta, db.parked], async () => {
    const parked: ParkedChange[] = [];
    for (const change of page.changes) {
      // Topics this version does not store are parked without an await. An async call that never
      // reaches IndexedDB, repeated hundreds of times in one page (a newer server's topics), uses
      // up the ticks Dexie follows a transaction across, and Chromium commits the page early
      // (PrematureCommitError, Dexie issue #1186; test/regression/pull-page-many-unknown-topics.test.ts).
      const reason = STORED_TOPICS.has(change.topic) ? await applyChange(db, change) : 'unknown_topic';
      if (reason !== null)
        parked.push({ topic: change.topic, entityId: change.id, data: change.data, reason });
    }
    if (parked.length > 0) await db.parked.bulkAdd(parked);
    await setMeta(db, 'pullCursor', page.cursor);
    return { stored: page.changes.length - parked.length, parked: parked.length };
  });
}

/** The topics `applyChange` stores; every other one is parked. */
const STORED_TOPICS: ReadonlySet<string> = new Set(['product', 'card', 'store', 'scan_config']);

/** Applies one change (data `null` deletes); returns why it was not stored, or null. */
async function applyChange(db: TillDb, change: PullChange): Promise<string | null> {
  switch (change.topic) {
    case 'product': {
      if (change.data === null) {
        await db.products.delete(change.id);
        return null;
      }
      const product = parseUnknown(productRowSchema, change.data);
      if (!product.ok) return product.error;
      // A GTIN moved to another product id: the newer row wins the unique index.
      await db.products
        .where('gtin')
        .equals(product.value.gtin)
        .and((p) => p.id !== product.value.id)
        .delete();
      await db.products.put(product.value);
      return null;
    }
    case 'card': {
      if (change.data === null) {
        await db.cards.delete(change.id);
        return null;
      }
      const card = parseUnknown(cardRowSchema, change.data);
      if (!card.ok) return card.error;
      await db.cards.put(card.value);
      return null;
    }
    case 'store': {
      // A store is never deleted under a till that is still enrolled in it.
      if (change.data === null) return null;
      const store = parseUnknown(storeRowSchema, change.data);
      if (!store.ok) return store.error;
      const device = await getMeta(db, 'device');
      if (device) await setMeta(db, 'device', { ...device, store: store.value });
      return null;
    }
    case 'scan_config': {
      if (change.data === null) return null;
      const pulled = readPulledScanConfig(change.data);
      if (!pulled.ok) return pulled.error;
      // Read and written here, as the store row is: one more async layer between this transaction
      // and IndexedDB lost Dexie's transaction zone in Chromium and committed the page early.
      if (replacesHeld(pulled.value, await getMeta(db, 'scanConfig'))) {
        await setMeta(db, 'scanConfig', pulled.value);
      }
      return null;
    }
    default:
      return 'unknown_topic';
  }
}

export function findProductByGtin(db: TillDb, gtin: string): Promise<ProductRow | undefined> {
  return db.products.where('gtin').equals(gtin).first();
}

/**
 * The product a weighed label names by its item code (docs/scanners.md). No index: adding one
 * needs a schema version, and only labels whose base GTIN is not a catalog row come here.
 */
export function findProductByItemCode(db: TillDb, itemCode: string): Promise<ProductRow | undefined> {
  return db.products.filter((product) => product.itemCode === itemCode).first();
}

export function findCard(db: TillDb, number: string): Promise<CardRow | undefined> {
  return db.cards.get(number);
}

export function searchProducts(db: TillDb, text: string, limit = 8): Promise<ProductRow[]> {
  return db.products.where('name').startsWithIgnoreCase(text).limit(limit).toArray();
}
