import { z } from 'zod';

/**
 * A snapshot: the state a till would reach by pulling the change log from the start, cut at one
 * cursor, sent as a few compressed parts (docs/sync-protocol.md §17). After its parts are stored
 * the till pulls the change log from `cursor` as usual.
 *
 * Part kinds, each a text body of one line per row:
 * - `card`: `[number, customerId, maskedName, status]` as JSON, sorted by number;
 * - `cardByCustomer`: `[customerId, number]` as JSON, sorted by customer then number;
 * - `productByGtin`: `[gtin, product row]`, sorted by GTIN, at most one row per GTIN;
 * - `productById`: `[id, gtin]`, sorted by id;
 * - `productByName`: `[lower-cased name, product row]`, sorted by that name, then GTIN;
 * - `productByItemCode`: `[itemCode, gtin]` for products with an item code, sorted by it, then GTIN;
 * - `product`: a product row as a JSON object, one per GTIN, unsorted: only from servers that
 *   predate the product blocks, still stored as rows;
 * - `change`: a pulled change `{ topic, id, data }` of any other topic, in change-log order.
 *
 * A new way of sending rows is a new kind, never a new line shape under an old one: a till that
 * does not know a kind refuses the whole snapshot (`unknownPartKind`) rather than misread it.
 */
export const snapshotPartKindSchema = z.enum([
  'card',
  'cardByCustomer',
  'productByGtin',
  'productById',
  'productByName',
  'productByItemCode',
  'product',
  'change',
]);
export type SnapshotPartKind = z.infer<typeof snapshotPartKindSchema>;

/**
 * Whether a kind's lines are rows of their own, counted in the manifest's `rows` and the till's
 * progress, rather than a second index of rows another kind already counts.
 */
export const partCountsRows = (kind: SnapshotPartKind): boolean =>
  kind === 'card' || kind === 'productByGtin' || kind === 'product' || kind === 'change';

/**
 * The first part kind in a manifest that this version does not know, or null: a newer server's
 * snapshot is refused by name instead of failing on a schema message.
 */
export function unknownPartKind(raw: unknown): string | null {
  const parts = z.object({ parts: z.array(z.object({ kind: z.unknown() })) }).safeParse(raw);
  if (!parts.success) return null;
  const known: readonly unknown[] = snapshotPartKindSchema.options;
  const unknown = parts.data.parts.find((p) => !known.includes(p.kind));
  return unknown === undefined ? null : String(unknown.kind);
}

export const snapshotManifestSchema = z.object({
  snapshotId: z.string().min(1).max(64),
  /** The pull cursor the snapshot was cut at; null when the change log was empty. */
  cursor: z.string().nullable(),
  /** Rows in all parts; cards and products count once (their index parts are not, `partCountsRows`). */
  rows: z.number().int().nonnegative(),
  parts: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      kind: snapshotPartKindSchema,
      rows: z.number().int().nonnegative(),
    }),
  ),
});
export type SnapshotManifest = z.infer<typeof snapshotManifestSchema>;

/** Rows per part: a part is one request, one gzip body and one local transaction at the till. */
export const SNAPSHOT_PART_ROWS = 50_000;

/** The path a part is fetched from, relative to the server's address. */
export const snapshotPartPath = (snapshotId: string, index: number) =>
  `/sync/snapshot/${encodeURIComponent(snapshotId)}/${index}`;

/**
 * Lines per stored block at the till: small enough that one block is read and searched in well
 * under a millisecond, large enough that a million cards are a couple of thousand records.
 */
export const BLOCK_LINES = 512;

/**
 * The sort key of a line: its first JSON string. Plain code-unit order (`<`), the same on the
 * server and at the till whatever a database's collation says.
 *
 * @example lineKey('["2990000000017","c-1","Anna P.","active"]') === '2990000000017'
 */
export function lineKey(line: string): string {
  // Most keys (card numbers, customer ids) hold no escape: the text between the first two quotes
  // is the key, read without parsing the line, which a million lines would otherwise pay for.
  if (line.startsWith('["')) {
    const end = line.indexOf('"', 2);
    if (end > 0 && line.lastIndexOf('\\', end) < 2) return line.slice(2, end);
  }
  const parsed: unknown = JSON.parse(line);
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string') throw new Error('block line without a key');
  return parsed[0];
}

/**
 * The index of the line whose key is `key` in lines sorted by key, or -1: a binary search that
 * parses only the lines it probes (about log2(lines) of them).
 *
 * @example findLine(['["a"]', '["b"]'], 'b') === 1
 */
export function findLine(lines: readonly string[], key: string): number {
  let low = 0;
  let high = lines.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const probe = lineKey(lines[middle]!);
    if (probe === key) return middle;
    if (probe < key) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/**
 * The range of lines whose key is `key` (several when keys repeat, as customers in the
 * by-customer index): the first such line, and one past the last.
 *
 * @example linesWithKey(['["a",1]', '["b",1]', '["b",2]'], 'b') // [1, 3]
 */
export function linesWithKey(lines: readonly string[], key: string): [number, number] {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (lineKey(lines[middle]!) < key) low = middle + 1;
    else high = middle;
  }
  let end = low;
  while (end < lines.length && lineKey(lines[end]!) === key) end++;
  return [low, end];
}

/**
 * Cuts sorted lines into blocks of `size` lines, each with its first key, for a store that finds
 * the block of a key by the greatest first key not above it. No two blocks start with the same key:
 * a block runs longer where one key's lines would otherwise start the next block too.
 *
 * @example toBlocks(['["a"]', '["b"]', '["c"]'], 2) // [{ first: 'a', lines: [..2] }, { first: 'c', .. }]
 */
export function toBlocks(lines: readonly string[], size = BLOCK_LINES): { first: string; lines: string[] }[] {
  const blocks: { first: string; lines: string[] }[] = [];
  for (let i = 0; i < lines.length;) {
    const first = lineKey(lines[i]!);
    // A block is keyed by its first line's key, so the next one may not start with the same key:
    // the lines of one key that would start it (a customer's many cards) stay in this block.
    let end = Math.min(i + size, lines.length);
    while (end < lines.length && lineKey(lines[end]!) === first) end++;
    blocks.push({ first, lines: lines.slice(i, end) });
    i = end;
  }
  return blocks;
}

/**
 * Splits a part's body into its lines, dropping the empty one after the last newline.
 *
 * @example bodyLines('a\nb\n') // ['a', 'b']
 */
export function bodyLines(body: string): string[] {
  if (body === '') return [];
  const lines = body.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

type ProductLineRow = { id: string; gtin: string; name: string; itemCode?: string | undefined };

/**
 * A store's products as the four sorted product part kinds' lines, from each product's row and
 * its JSON text (sent as it is). At most one product per GTIN: the caller keeps the newest.
 */
export function productLines(products: readonly { row: ProductLineRow; json: string }[]): {
  productByGtin: string[];
  productById: string[];
  productByName: string[];
  productByItemCode: string[];
} {
  const pairs = (key: (row: ProductLineRow) => string | undefined) =>
    products
      .flatMap(({ row }) => {
        const k = key(row);
        return k === undefined ? [] : [[k, row.gtin] as const];
      })
      .sort((a, b) => byCodeUnits(a[0], b[0]) || byCodeUnits(a[1], b[1]))
      .map((pair) => JSON.stringify(pair));
  return {
    productByGtin: [...products]
      .sort((a, b) => byCodeUnits(a.row.gtin, b.row.gtin))
      .map(({ row, json }) => `[${JSON.stringify(row.gtin)},${json}]`),
    productById: pairs((row) => row.id),
    // The row itself, not its GTIN: a name search reads one block for its eight products, where
    // GTINs would send it to a block of product lines for each.
    productByName: products
      .map(({ row, json }) => ({ key: row.name.toLowerCase(), gtin: row.gtin, json }))
      .sort((a, b) => byCodeUnits(a.key, b.key) || byCodeUnits(a.gtin, b.gtin))
      .map(({ key, json }) => `[${JSON.stringify(key)},${json}]`),
    productByItemCode: pairs((row) => row.itemCode),
  };
}

/** Plain code-unit order, the order of every sorted part. */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
