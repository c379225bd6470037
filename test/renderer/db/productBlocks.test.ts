import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyPullPage,
  findProductByGtin,
  findProductByItemCode,
  searchProducts,
} from '../../../renderer/db/catalog';
import type { TillDb } from '../../../renderer/db/database';
import { getMeta } from '../../../renderer/db/meta';
import { productCount } from '../../../renderer/db/products';
import {
  beginSnapshot,
  finishSnapshot,
  storeSnapshotPart,
  UnreadablePart,
} from '../../../renderer/db/snapshotStore';
import type { ProductRow } from '../../../shared/sync/protocol';
import { productLines, type SnapshotManifest } from '../../../shared/sync/snapshot';
import { enrolledTillDb, storeSnapshotParts } from './support';

const gtinOf = (i: number) => `46${String(i).padStart(11, '0')}`;
/** 1,500 products over three blocks; every tenth weighed; 650 of them named "Water". */
const catalog: ProductRow[] = Array.from({ length: 1500 }, (_, i) => ({
  id: `p-${String(i).padStart(4, '0')}`,
  gtin: gtinOf(i),
  name: i % 2 === 0 && i < 1300 ? 'Water' : `Tea ${String(i).padStart(4, '0')}`,
  priceMinor: 100 + i,
  ...(i % 10 === 0 ? { itemCode: String(i).padStart(5, '0') } : {}),
}));

/** Stores products as a snapshot does, each kind in parts of `partRows` lines. */
async function storeAsSnapshot(db: TillDb, products: ProductRow[], partRows = 400) {
  const kinds = productLines(products.map((row) => ({ row, json: JSON.stringify(row) })));
  const parts = Object.entries(kinds).flatMap(([kind, lines]) =>
    Array.from({ length: Math.ceil(lines.length / partRows) }, (_, i) => ({
      kind: kind as keyof typeof kinds,
      lines: lines.slice(i * partRows, (i + 1) * partRows),
    })),
  );
  const manifest = await storeSnapshotParts(db, parts);
  // The progress counts each product once, not again for its three indexes.
  expect((await getMeta(db, 'bootstrap'))?.rowsDone).toBe(products.length);
  await finishSnapshot(db, manifest);
}

const pull = (db: TillDb, changes: { id: string; data: ProductRow | null }[]) =>
  applyPullPage(db, {
    changes: changes.map((c) => ({ topic: 'product', ...c })),
    cursor: '0.9',
    hasMore: false,
  });

describe('products in snapshot blocks', () => {
  let db: TillDb;
  beforeEach(async () => {
    db = await enrolledTillDb();
    await storeAsSnapshot(db, catalog);
  });
  afterEach(() => db.delete());

  it('finds every product by GTIN and item code, and none that is not there', async () => {
    // The snapshot replaces the rows a till held before it: none of them is left.
    expect(await db.products.count()).toBe(0);
    expect(await productCount(db)).toBe(1500);
    for (const product of catalog) expect(await findProductByGtin(db, product.gtin)).toEqual(product);
    expect(await findProductByGtin(db, gtinOf(1500))).toBeUndefined();
    expect(await findProductByGtin(db, '')).toBeUndefined();
    expect(await findProductByItemCode(db, '01230')).toEqual(catalog[1230]);
    expect(await findProductByItemCode(db, '01231')).toBeUndefined();
  });

  it('searches names by prefix whatever the case, in name order, eight at most', async () => {
    expect((await searchProducts(db, 'tEA 12')).map((p) => p.name)).toEqual(
      ['1201', '1203', '1205', '1207', '1209', '1211', '1213', '1215'].map((n) => `Tea ${n}`),
    );
    expect((await searchProducts(db, 'tea 149', 20)).map((p) => p.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `p-${1490 + i}`),
    );
    // The prefix's first name starts the next block: the search reads on into it.
    expect((await searchProducts(db, 'TEA 08')).map((p) => p.id)).toEqual(
      Array.from({ length: 8 }, (_, i) => `p-0${801 + 2 * i}`),
    );
    // 650 products of one name run over a block's 512 lines: the first eight by GTIN.
    expect(await searchProducts(db, 'wat')).toEqual(catalog.filter((p) => p.name === 'Water').slice(0, 8));
    expect(await searchProducts(db, 'coffee')).toEqual([]);
  });

  it('finds a product changed after the snapshot as changed, and never as it was', async () => {
    const renamed = { ...catalog[1201]!, name: 'Green tea', priceMinor: 999, itemCode: '77777' };
    await pull(db, [{ id: renamed.id, data: renamed }]);
    expect(await findProductByGtin(db, renamed.gtin)).toEqual(renamed);
    expect(await findProductByItemCode(db, '77777')).toEqual(renamed);
    expect((await searchProducts(db, 'tea 120')).map((p) => p.id)).not.toContain(renamed.id);
    expect(await searchProducts(db, 'gREEN')).toEqual([renamed]);
    // Still one product, now a row in front of its line.
    expect(await productCount(db)).toBe(1500);
  });

  it('loses a product deleted after the snapshot, by every way of finding it', async () => {
    const gone = catalog[1310]!;
    await pull(db, [{ id: gone.id, data: null }]);
    expect(await findProductByGtin(db, gone.gtin)).toBeUndefined();
    expect(await findProductByItemCode(db, gone.itemCode!)).toBeUndefined();
    expect((await searchProducts(db, 'tea 1310')).map((p) => p.id)).toEqual([]);
    expect(await productCount(db)).toBe(1499);
    // Deleted again, or deleted when never in the snapshot: nothing more leaves.
    await pull(db, [
      { id: gone.id, data: null },
      { id: 'p-new', data: null },
    ]);
    expect(await productCount(db)).toBe(1499);
  });

  it('follows a GTIN that moves: the product it moved to is found, the one it left is gone', async () => {
    // p-1201 moves to a new GTIN: its old one finds nothing.
    const moved = { ...catalog[1201]!, gtin: gtinOf(9001) };
    // A new product takes p-1203's GTIN: the scan finds the new one, p-1203 leaves the till.
    const taker = { id: 'p-new', gtin: catalog[1203]!.gtin, name: 'Tea new', priceMinor: 5 };
    await pull(db, [
      { id: moved.id, data: moved },
      { id: taker.id, data: taker },
    ]);
    expect(await findProductByGtin(db, catalog[1201]!.gtin)).toBeUndefined();
    expect(await findProductByGtin(db, moved.gtin)).toEqual(moved);
    expect(await findProductByGtin(db, taker.gtin)).toEqual(taker);
    expect((await searchProducts(db, 'tea 1203')).map((p) => p.id)).toEqual([]);
    expect((await searchProducts(db, 'tea 1201')).map((p) => p.id)).toEqual([moved.id]);
    // p-1203 left, p-new came.
    expect(await productCount(db)).toBe(1500);
    // The GTIN moves on again, to p-1201: p-new, now a row, leaves in turn.
    await pull(db, [{ id: moved.id, data: { ...moved, gtin: taker.gtin } }]);
    expect(await findProductByGtin(db, taker.gtin)).toMatchObject({ id: moved.id });
    expect(await findProductByGtin(db, moved.gtin)).toBeUndefined();
    expect((await searchProducts(db, 'tea new')).map((p) => p.id)).toEqual([]);
    expect(await productCount(db)).toBe(1499);
  });
});

describe('a product part out of order', () => {
  let db: TillDb;
  beforeEach(async () => {
    db = await enrolledTillDb();
  });
  afterEach(() => db.delete());

  it('is refused and nothing of it is stored', async () => {
    const kinds = productLines(catalog.slice(0, 3).map((row) => ({ row, json: JSON.stringify(row) })));
    for (const [kind, lines] of [
      ['productByGtin', [kinds.productByGtin[1]!, kinds.productByGtin[0]!, kinds.productByGtin[2]!]],
      ['productByName', [kinds.productByName[2]!, kinds.productByName[0]!]],
    ] as const) {
      const manifest: SnapshotManifest = {
        snapshotId: 'test',
        cursor: '0.1',
        rows: lines.length,
        parts: [{ index: 0, kind, rows: lines.length }],
      };
      await beginSnapshot(db, manifest);
      await expect(storeSnapshotPart(db, manifest, 0, lines, 0)).rejects.toThrow(UnreadablePart);
      expect(await db.refBlocks.count()).toBe(0);
      expect((await getMeta(db, 'bootstrap'))?.partsDone).toBe(0);
      expect(await findProductByGtin(db, catalog[0]!.gtin)).toBeUndefined();
    }
  });
});
