import { bodyLines, findLine, lineKey, linesWithKey, toBlocks } from '../../shared/sync/snapshot';
import type { RefBlockRecord, TillDb } from './database';
import { timeStage, timeStageNow } from '../sync/bootstrapStages';

export type BlockKind = RefBlockRecord['kind'];

/**
 * A snapshot's read-mostly rows live in sorted blocks of lines (docs/sync-protocol.md §17.2),
 * keyed `[kind, first key]`: a key is found by one indexed read, the block whose first key is the
 * greatest not above it, then a binary search of its lines. These are the reads and writes every
 * kind shares; `cardBlocks.ts` and `productBlocks.ts` give them meaning.
 */

/** Kinds whose lines share keys (one customer's cards, one name's products): an index, not rows. */
export const repeatsKeys = (kind: BlockKind): boolean =>
  kind === 'cardByCustomer' || kind === 'productByName' || kind === 'productByItemCode';

/** Stores sorted lines of one kind as blocks; call inside a transaction over `refBlocks`. */
export async function storeBlocks(db: TillDb, kind: BlockKind, lines: readonly string[]): Promise<void> {
  const blocks = timeStageNow(`${kind}: cut blocks`, () => toBlocks(lines));
  if (blocks.length === 0) return;
  // The part before may end inside the lines of this part's first key (a customer's cards split
  // between two parts), its last block then starting at that key too: the two become one block,
  // or the second would replace the first under the same key.
  const head = blocks[0]!;
  const before = await db.refBlocks.get([kind, head.first]);
  if (before !== undefined) head.lines = joinLines(bodyLines(before.text), head.lines);
  const records = timeStageNow(`${kind}: join lines`, () =>
    blocks.map((b) => ({ kind, first: b.first, text: b.lines.join('\n') })),
  );
  await timeStage(`${kind}: bulkPut`, () => db.refBlocks.bulkPut(records));
}

/**
 * The lines of two blocks under one key, `earlier` the one that came first in key order, sorted
 * by key (stable, so lines of one key keep their order) and each line once: a part stored again
 * adds nothing.
 */
export function joinLines(earlier: readonly string[], later: readonly string[]): string[] {
  const seen = new Set(earlier);
  return [...earlier, ...later.filter((line) => !seen.has(line))]
    .map((line) => ({ key: lineKey(line), line }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.line);
}

/** The block that holds `key` if any does: the one with the greatest first key not above it. */
export function blockOf(db: TillDb, kind: BlockKind, key: string): Promise<RefBlockRecord | undefined> {
  return db.refBlocks.where('[kind+first]').between([kind, ''], [kind, key], true, true).last();
}

/** The block after `block` in key order, if it is of the same kind. */
export async function nextBlock(db: TillDb, block: RefBlockRecord): Promise<RefBlockRecord | undefined> {
  const next = await db.refBlocks.where('[kind+first]').above([block.kind, block.first]).first();
  return next?.kind === block.kind ? next : undefined;
}

/** The line with key `key` of a kind whose keys are unique, or undefined. */
export async function lineOf(db: TillDb, kind: BlockKind, key: string): Promise<string | undefined> {
  const block = await blockOf(db, kind, key);
  if (block === undefined) return undefined;
  const lines = bodyLines(block.text);
  const at = findLine(lines, key);
  return at < 0 ? undefined : lines[at];
}

/**
 * The lines of many keys of a kind whose keys are unique, by key: each block that may hold one
 * read once, however many of the keys it holds.
 */
export async function linesOf(
  db: TillDb,
  kind: BlockKind,
  keys: Iterable<string>,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) return found;
  const firsts = await blocksHolding(db, kind, sorted);
  const blocks = await db.refBlocks.bulkGet(firsts.map((first) => [kind, first] as [BlockKind, string]));
  let at = -1;
  let lines: string[] = [];
  for (const key of sorted) {
    // Both sorted: a key's line is in the last block that starts at or before it.
    let next = at;
    while (next + 1 < firsts.length && firsts[next + 1]! <= key) next++;
    if (next < 0) continue;
    if (next !== at) lines = bodyLines(blocks[next]?.text ?? '');
    at = next;
    const line = lines[findLine(lines, key)];
    if (line !== undefined) found.set(key, line);
  }
  return found;
}

/** Every line with key `key` of a kind whose keys repeat, in order. */
export async function linesWithKeyOf(db: TillDb, kind: BlockKind, key: string): Promise<string[]> {
  // One key's lines may run over the end of a block into the next ones: read back from the last
  // block that could hold them until one starts before the key.
  const blocks = await db.refBlocks
    .where('[kind+first]')
    .between([kind, ''], [kind, key], true, true)
    .reverse()
    .until((b) => b.first < key, true)
    .toArray();
  const found: string[] = [];
  for (const block of blocks.reverse()) {
    const lines = bodyLines(block.text);
    const [from, to] = linesWithKey(lines, key);
    found.push(...lines.slice(from, to));
  }
  return found;
}

/**
 * First keys of the blocks that may hold lines with the sorted `keys`: for each key, the last
 * block starting before it, and every block starting at it (a key's lines may run over the end
 * of one block into the next ones, as a customer's in the by-customer index).
 */
export async function blocksHolding(db: TillDb, kind: BlockKind, keys: readonly string[]): Promise<string[]> {
  const [low] = await db.refBlocks
    .where('[kind+first]')
    .between([kind, ''], [kind, keys[0]!], true, false)
    .reverse()
    .limit(1)
    .primaryKeys();
  const firsts = await db.refBlocks
    .where('[kind+first]')
    .between(low ?? [kind, ''], [kind, keys.at(-1)!], true, true)
    .primaryKeys();
  const touched = new Set<string>();
  let at = 0;
  for (const key of keys) {
    // `at` moves to the first block starting at or after the key; the one before it starts below.
    while (at < firsts.length && firsts[at]![1] < key) at++;
    const startsHere = at < firsts.length && firsts[at]![1] === key;
    if (at > 0 && (!startsHere || repeatsKeys(kind))) touched.add(firsts[at - 1]![1]);
    for (let i = at; i < firsts.length && firsts[i]![1] === key; i++) touched.add(firsts[i]![1]);
  }
  return [...touched];
}
