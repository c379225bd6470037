import { productRowSchema, type ProductRow } from '../../shared/sync/protocol';
import { bodyLines, lineKey, linesWithKey } from '../../shared/sync/snapshot';
import { parseUnknown } from '../../shared/validation';
import type { TillDb } from './database';
import { blockOf, lineOf, linesOf, linesWithKeyOf, nextBlock } from './refBlocks';

/**
 * Reads of the snapshot's products as its blocks hold them (docs/sync-protocol.md §17.2): a
 * product's line `[gtin, row]` by GTIN, and three indexes of `[key, gtin]` lines, by id, by
 * lower-cased name and by item code. Blocks are never written after the snapshot; whether a line
 * is still the product is for `products.ts` to say, from the rows in front of it.
 */

/**
 * A line `[key, product row]` read as a row, checked as a pulled row is; undefined when it is not
 * one, or not the row its key says (`keyOf`: its GTIN in a product line, its lower-cased name in
 * the by-name index).
 */
function readProductLine(line: string, keyOf = (p: ProductRow) => p.gtin): ProductRow | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  const [key, data] = Array.isArray(parsed) ? (parsed as unknown[]) : [];
  const product = parseUnknown(productRowSchema, data);
  return product.ok && keyOf(product.value) === key ? product.value : undefined;
}

/** The GTIN an index line points to. */
const gtinOfIndexLine = (line: string): string | undefined => {
  const gtin = (JSON.parse(line) as unknown[])[1];
  return typeof gtin === 'string' ? gtin : undefined;
};

/** The snapshot's product at a GTIN. */
export async function baseProductAt(db: TillDb, gtin: string): Promise<ProductRow | undefined> {
  const line = await lineOf(db, 'productByGtin', gtin);
  return line === undefined ? undefined : readProductLine(line);
}

/** The snapshot's products at many GTINs, in the order given, each block read once. */
export async function baseProductsAt(db: TillDb, gtins: readonly string[]): Promise<ProductRow[]> {
  const lines = await linesOf(db, 'productByGtin', gtins);
  return gtins.flatMap((gtin) => {
    const line = lines.get(gtin);
    const product = line === undefined ? undefined : readProductLine(line);
    return product === undefined ? [] : [product];
  });
}

/** The GTIN the snapshot holds each of the ids at, for those it holds. */
export async function baseGtinsOf(db: TillDb, ids: Iterable<string>): Promise<Map<string, string>> {
  const gtins = new Map<string, string>();
  for (const [id, line] of await linesOf(db, 'productById', ids)) {
    const gtin = gtinOfIndexLine(line);
    if (gtin !== undefined) gtins.set(id, gtin);
  }
  return gtins;
}

/** The GTINs of the snapshot's products with an item code. */
export async function baseGtinsWithItemCode(db: TillDb, itemCode: string): Promise<string[]> {
  return (await linesWithKeyOf(db, 'productByItemCode', itemCode)).flatMap(
    (line) => gtinOfIndexLine(line) ?? [],
  );
}

/**
 * The snapshot's products whose lower-cased name starts with `prefix` (lower-cased too), in name
 * order, a block's worth at a time, so a caller that has enough stops reading.
 */
export async function* baseProductsNamed(db: TillDb, prefix: string): AsyncGenerator<ProductRow[]> {
  const nameOf = (p: ProductRow) => p.name.toLowerCase();
  let block =
    (await blockOf(db, 'productByName', prefix)) ??
    (await db.refBlocks.where('[kind+first]').aboveOrEqual(['productByName', '']).first());
  while (block?.kind === 'productByName') {
    const lines = bodyLines(block.text);
    const products: ProductRow[] = [];
    for (let at = linesWithKey(lines, prefix)[0]; at < lines.length; at++) {
      if (!lineKey(lines[at]!).startsWith(prefix)) {
        yield products;
        return;
      }
      const product = readProductLine(lines[at]!, nameOf);
      if (product !== undefined) products.push(product);
    }
    yield products;
    block = await nextBlock(db, block);
  }
}
