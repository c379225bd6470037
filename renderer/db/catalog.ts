import type { z } from 'zod';
import {
  cardRowSchema,
  productRowSchema,
  storeRowSchema,
  type CardRow,
  type ProductRow,
  type PullOutput,
} from '../../shared/sync/protocol';
import type { ParkedChange, TillDb } from './database';
import { getMeta, setMeta } from './meta';

const topics = {
  product: productRowSchema,
  card: cardRowSchema,
  store: storeRowSchema,
} satisfies Record<string, z.ZodType>;

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
    let stored = 0;
    const parked: ParkedChange[] = [];
    for (const change of page.changes) {
      const schema = topics[change.topic as keyof typeof topics] as
        (typeof topics)[keyof typeof topics] | undefined;
      if (!schema) {
        parked.push({ topic: change.topic, entityId: change.id, data: change.data, reason: 'unknown_topic' });
        continue;
      }
      if (change.data === null) {
        if (change.topic === 'product') await db.products.delete(change.id);
        if (change.topic === 'card') await db.cards.delete(change.id);
        stored++;
        continue;
      }
      const parsed = schema.safeParse(change.data);
      if (!parsed.success) {
        parked.push({
          topic: change.topic,
          entityId: change.id,
          data: change.data,
          reason: parsed.error.message,
        });
        continue;
      }
      if (change.topic === 'product') {
        const product = parsed.data as ProductRow;
        // A GTIN moved to another product id: the newer row wins the unique index.
        await db.products
          .where('gtin')
          .equals(product.gtin)
          .and((p) => p.id !== product.id)
          .delete();
        await db.products.put(product);
      } else if (change.topic === 'card') await db.cards.put(parsed.data as CardRow);
      else if (change.topic === 'store') {
        const device = await getMeta(db, 'device');
        if (device) await setMeta(db, 'device', { ...device, store: storeRowSchema.parse(parsed.data) });
      }
      stored++;
    }
    if (parked.length > 0) await db.parked.bulkAdd(parked);
    await setMeta(db, 'pullCursor', page.cursor);
    return { stored, parked: parked.length };
  });
}

export function findProductByGtin(db: TillDb, gtin: string): Promise<ProductRow | undefined> {
  return db.products.where('gtin').equals(gtin).first();
}

export function findCard(db: TillDb, number: string): Promise<CardRow | undefined> {
  return db.cards.get(number);
}

export function searchProducts(db: TillDb, text: string, limit = 8): Promise<ProductRow[]> {
  return db.products.where('name').startsWithIgnoreCase(text).limit(limit).toArray();
}
