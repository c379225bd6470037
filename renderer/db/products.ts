import type { ProductRow, PullChange } from '../../shared/sync/protocol';
import { byCodeUnits } from '../../shared/sync/snapshot';
import type { ProductRecord, TillDb } from './database';
import { getMeta, setMeta } from './meta';
import {
  baseGtinsOf,
  baseGtinsWithItemCode,
  baseProductAt,
  baseProductsAt,
  baseProductsNamed,
} from './productBlocks';

/**
 * A product is in one of two places (docs/sync-protocol.md §17.2): a row of `products`, pulled
 * after the snapshot (or before version 11), or a line of the snapshot's blocks. Any record of
 * `products` with a product's id, a row or a tombstone, stands in front of that product's lines,
 * which are then never read: lookups ask the table first, then the blocks, and drop a line whose
 * id the table holds.
 */

const isRow = (record: ProductRecord | undefined): record is ProductRow =>
  record !== undefined && record.deleted === undefined;

const tombstone = (id: string) => ({ id, deleted: true as const });

/** The snapshot's products among `products` that no record of the table stands in front of. */
async function inFrontOfNone(db: TillDb, products: readonly ProductRow[]): Promise<ProductRow[]> {
  const held = await db.products.bulkGet(products.map((p) => p.id));
  return products.filter((_, i) => held[i] === undefined);
}

/** The product a scan names, read within a frame: three indexed reads, two of them at once. */
export async function findProductByGtin(db: TillDb, gtin: string): Promise<ProductRow | undefined> {
  const [row, base] = await Promise.all([
    db.products.where('gtin').equals(gtin).first(),
    baseProductAt(db, gtin),
  ]);
  if (isRow(row)) return row;
  return base === undefined ? undefined : (await inFrontOfNone(db, [base]))[0];
}

/** The product a weighed label names by its item code (docs/scanners.md). */
export async function findProductByItemCode(db: TillDb, itemCode: string): Promise<ProductRow | undefined> {
  const row = await db.products.where('itemCode').equals(itemCode).first();
  if (isRow(row)) return row;
  const base = await baseProductsAt(db, await baseGtinsWithItemCode(db, itemCode));
  return (await inFrontOfNone(db, base)).find((p) => p.itemCode === itemCode);
}

const byName = (a: ProductRow, b: ProductRow) =>
  byCodeUnits(a.name.toLowerCase(), b.name.toLowerCase()) || byCodeUnits(a.gtin, b.gtin);

/** Products whose name starts with `text`, whatever the case, in name order. */
export async function searchProducts(db: TillDb, text: string, limit = 8): Promise<ProductRow[]> {
  const [rows, base] = await Promise.all([
    db.products.where('name').startsWithIgnoreCase(text).limit(limit).toArray(),
    visibleProductsNamed(db, text.toLowerCase(), limit),
  ]);
  return [...rows.filter(isRow), ...base].sort(byName).slice(0, limit);
}

/** The first `limit` of the snapshot's products named so that no record stands in front of. */
async function visibleProductsNamed(db: TillDb, prefix: string, limit: number): Promise<ProductRow[]> {
  const found: ProductRow[] = [];
  for await (const products of baseProductsNamed(db, prefix)) {
    // A few at a time: most searches are answered by the first few lines, the rest never checked.
    for (let at = 0; at < products.length && found.length < limit; at += limit)
      found.push(...(await inFrontOfNone(db, products.slice(at, at + limit))));
    if (found.length >= limit) break;
  }
  return found.slice(0, limit);
}

/** How many products the till holds, rows and lines, for the status bar. */
export async function productCount(db: TillDb): Promise<number> {
  // Tombstones have no GTIN, so the GTIN index counts the rows that are products.
  return (await db.products.orderBy('gtin').count()) + ((await getMeta(db, 'snapshotProducts')) ?? 0);
}

/**
 * What the snapshot's blocks hold of a pulled page's products, read once for the page: the GTIN
 * each of its ids has there, and the id at each GTIN it writes. `hidden` counts the lines the
 * page puts a record in front of, for `snapshotProducts`.
 */
export type PageBaseProducts = {
  ids: ReadonlySet<string>;
  gtinOf: ReadonlyMap<string, string>;
  idAt: ReadonlyMap<string, string>;
  hidden: number;
};

export async function readPageBaseProducts(
  db: TillDb,
  changes: readonly PullChange[],
): Promise<PageBaseProducts> {
  const products = changes.filter((c) => c.topic === 'product');
  if (products.length === 0) return { ids: new Set(), gtinOf: new Map(), idAt: new Map(), hidden: 0 };
  const ids = new Set(products.map((c) => c.id));
  const gtins = products.flatMap((c) => {
    const gtin: unknown =
      typeof c.data === 'object' && c.data !== null && 'gtin' in c.data ? c.data.gtin : null;
    return typeof gtin === 'string' ? [gtin] : [];
  });
  const [gtinOf, atGtins] = await Promise.all([baseGtinsOf(db, ids), baseProductsAt(db, gtins)]);
  return { ids, gtinOf, idAt: new Map(atGtins.map((p) => [p.gtin, p.id])), hidden: 0 };
}

/** Whether the snapshot holds a line of the product. */
async function inBlocks(db: TillDb, base: PageBaseProducts, id: string): Promise<boolean> {
  return base.ids.has(id) ? base.gtinOf.has(id) : (await baseGtinsOf(db, [id])).has(id);
}

/**
 * Stores a pulled product in front of its snapshot line. A GTIN that moved to this product from
 * another: the newer product wins it, and the one it came from leaves the till, a row of
 * `products` or a line of the blocks, as a row did when products were only rows.
 */
export async function storePulledProduct(
  db: TillDb,
  product: ProductRow,
  base: PageBaseProducts,
): Promise<void> {
  const displaced = await db.products.where('gtin').equals(product.gtin).toArray();
  for (const row of displaced) {
    if (row.id === product.id) continue;
    if (await inBlocks(db, base, row.id)) await db.products.put(tombstone(row.id));
    else await db.products.delete(row.id);
  }
  const lineId = base.idAt.get(product.gtin);
  if (lineId !== undefined && lineId !== product.id && (await db.products.get(lineId)) === undefined) {
    await db.products.put(tombstone(lineId));
    base.hidden++;
  }
  if (base.gtinOf.has(product.id) && (await db.products.get(product.id)) === undefined) base.hidden++;
  await db.products.put(product);
}

/** Deletes a pulled product: a tombstone stands in front of its snapshot line if it has one. */
export async function deletePulledProduct(db: TillDb, id: string, base: PageBaseProducts): Promise<void> {
  if (!base.gtinOf.has(id)) {
    await db.products.delete(id);
    return;
  }
  if ((await db.products.get(id)) === undefined) base.hidden++;
  await db.products.put(tombstone(id));
}

/** Counts the lines a page hid out of the status bar's share of the blocks. */
export async function settlePageBaseProducts(db: TillDb, base: PageBaseProducts): Promise<void> {
  if (base.hidden === 0) return;
  const count = (await getMeta(db, 'snapshotProducts')) ?? base.hidden;
  await setMeta(db, 'snapshotProducts', Math.max(0, count - base.hidden));
}
