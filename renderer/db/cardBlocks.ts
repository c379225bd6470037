import { cardRowSchema, type CardRow } from '../../shared/sync/protocol';
import { bodyLines, findLine, lineKey, linesWithKey, toBlocks } from '../../shared/sync/snapshot';
import { parseUnknown } from '../../shared/validation';
import type { RefBlockRecord, TillDb } from './database';
import { getMeta, setMeta } from './meta';
import { timeStage, timeStageNow } from '../sync/bootstrapStages';

type Kind = RefBlockRecord['kind'];

/**
 * Cards from a snapshot live in sorted blocks (docs/sync-protocol.md §17): a card is found by one
 * indexed read, the block whose first key is the greatest not above the number, then a binary
 * search of its lines. Cards pulled later are rows of `cards`; a pulled change to a card takes
 * it out of its block, so every card lives in exactly one place.
 */

/** Stores sorted lines of one kind as blocks; call inside a transaction over `refBlocks`. */
export async function storeBlocks(db: TillDb, kind: Kind, lines: readonly string[]): Promise<void> {
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
function joinLines(earlier: readonly string[], later: readonly string[]): string[] {
  const seen = new Set(earlier);
  return [...earlier, ...later.filter((line) => !seen.has(line))]
    .map((line) => ({ key: lineKey(line), line }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.line);
}

/** The block that holds `key` if any does: the one with the greatest first key not above it. */
function blockOf(db: TillDb, kind: Kind, key: string): Promise<RefBlockRecord | undefined> {
  return db.refBlocks.where('[kind+first]').between([kind, ''], [kind, key], true, true).last();
}

/** The card as the snapshot has it, checked as a pulled card is; undefined when not there. */
export async function findBaseCard(db: TillDb, number: string): Promise<CardRow | undefined> {
  const block = await blockOf(db, 'card', number);
  if (block === undefined) return undefined;
  const lines = bodyLines(block.text);
  const at = findLine(lines, number);
  if (at < 0) return undefined;
  // Lines were stored by their keys alone (`lineKey`): the one found is read, and checked, now.
  let line: unknown;
  try {
    line = JSON.parse(lines[at]!);
  } catch {
    return undefined;
  }
  const [, customerId, maskedName, status] = Array.isArray(line) ? (line as unknown[]) : [];
  const card = parseUnknown(cardRowSchema, { number, customerId, maskedName, status });
  return card.ok ? card.value : undefined;
}

/** Numbers the snapshot lists under a customer (each still to be read through `findCard`). */
export async function baseCardNumbersOf(db: TillDb, customerId: string): Promise<string[]> {
  // One customer's lines may run over the end of a block into the next ones: read back from the
  // last block that could hold them until one starts before the customer.
  const blocks = await db.refBlocks
    .where('[kind+first]')
    .between(['cardByCustomer', ''], ['cardByCustomer', customerId], true, true)
    .reverse()
    .until((b) => b.first < customerId, true)
    .toArray();
  const numbers: string[] = [];
  for (const block of blocks.reverse()) {
    const lines = bodyLines(block.text);
    const [from, to] = linesWithKey(lines, customerId);
    for (const line of lines.slice(from, to)) {
      const number = (JSON.parse(line) as unknown[])[1];
      if (typeof number === 'string') numbers.push(number);
    }
  }
  return numbers;
}

/**
 * Settles a pulled page's cards with the snapshot's blocks, before the page's rows are written
 * (docs/sync-protocol.md §17.2). A changed card becomes a row of `cards`, which lookups read
 * first: its line stays where it is, unreachable, and no block is written. A deleted card's line
 * goes (an erased card leaves no line behind), each touched block read and written once however
 * many of its cards the page deletes. `snapshotCards`, the status bar's share of the blocks,
 * counts the lines no row of `cards` stands in front of. Call inside a transaction over `cards`,
 * `refBlocks` and `meta`.
 */
export async function settleBaseCards(
  db: TillDb,
  changed: readonly string[],
  deleted: readonly string[],
): Promise<void> {
  const numbers = [...new Set([...changed, ...deleted])];
  if (numbers.length === 0) return;
  const held = await db.cards.bulkGet(numbers);
  const inFront = new Set(numbers.filter((_, i) => held[i] !== undefined));
  const gone = new Set(deleted);
  const removed = gone.size > 0 ? await removeBaseCards(db, gone) : [];
  const hidden = await countBaseCards(
    db,
    numbers.filter((n) => !gone.has(n) && !inFront.has(n)),
  );
  const leaving = removed.filter((n) => !inFront.has(n)).length + hidden;
  if (leaving === 0) return;
  const count = (await getMeta(db, 'snapshotCards')) ?? leaving;
  await setMeta(db, 'snapshotCards', Math.max(0, count - leaving));
}

/** How many of the numbers have a line in the blocks; reads only. */
async function countBaseCards(db: TillDb, numbers: readonly string[]): Promise<number> {
  if (numbers.length === 0) return 0;
  const keys = [...numbers].sort();
  const firsts = await blocksHolding(db, 'card', keys);
  const blocks = await db.refBlocks.bulkGet(firsts.map((first) => ['card', first] as [Kind, string]));
  let found = 0;
  let at = -1;
  let lines: string[] = [];
  for (const key of keys) {
    // Both sorted: a card's line is in the last block that starts at or before its number.
    let next = at;
    while (next + 1 < firsts.length && firsts[next + 1]! <= key) next++;
    if (next < 0) continue;
    if (next !== at) lines = bodyLines(blocks[next]?.text ?? '');
    at = next;
    if (findLine(lines, key) >= 0) found++;
  }
  return found;
}

/**
 * Takes deleted cards' lines out of the card blocks and the by-customer index; returns the
 * numbers whose lines went.
 */
async function removeBaseCards(db: TillDb, wanted: ReadonlySet<string>): Promise<string[]> {
  const customers = new Map<string, string>();
  const removed: string[] = [];
  await removeLines(db, 'card', wanted, (line) => {
    // The key is read without parsing; only the lines that go are parsed, for their customer.
    if (!wanted.has(lineKey(line))) return false;
    const [number, customerId] = JSON.parse(line) as unknown[];
    if (typeof number !== 'string') return false;
    removed.push(number);
    if (typeof customerId === 'string') customers.set(JSON.stringify([customerId, number]), customerId);
    return true;
  });
  if (customers.size > 0)
    await removeLines(db, 'cardByCustomer', new Set(customers.values()), (line) => customers.has(line));
  return removed;
}

/**
 * Drops the lines `drop` picks from the blocks that may hold the keys, one read and one write for
 * all of them. A block left empty goes, one that lost its first line moves to its new first key.
 */
async function removeLines(
  db: TillDb,
  kind: Kind,
  keys: ReadonlySet<string>,
  drop: (line: string) => boolean,
): Promise<void> {
  const touched = await blocksHolding(db, kind, [...keys].sort());
  const blocks = await db.refBlocks.bulkGet(touched.map((first) => [kind, first] as [Kind, string]));
  const gone = new Set<string>();
  // Blocks to write by first key, in key order (the touched blocks come sorted).
  const kept = new Map<string, string[]>();
  const moved = new Set<string>();
  const rewritten = new Set<string>();
  for (const block of blocks) {
    if (block === undefined) continue;
    const lines = bodyLines(block.text);
    const left = lines.filter((line) => !drop(line));
    if (left.length === lines.length) continue;
    const first = left.length > 0 ? lineKey(left[0]!) : undefined;
    if (first !== block.first) gone.add(block.first);
    if (first === undefined) continue;
    if (first !== block.first) moved.add(first);
    else rewritten.add(first);
    const before = kept.get(first);
    kept.set(first, before ? joinLines(before, left) : left);
  }
  // A block that lost its first lines may now start at the key the next block starts at (one
  // customer's cards running over both): it joins that block instead of replacing it.
  const landing = [...moved].filter((first) => !gone.has(first));
  const found =
    landing.length > 0
      ? await db.refBlocks.bulkGet(landing.map((first) => [kind, first] as [Kind, string]))
      : [];
  for (const [i, block] of found.entries()) {
    const first = landing[i]!;
    // A block this pass rewrote under the same key is already joined above.
    if (block !== undefined && !rewritten.has(first))
      kept.set(first, joinLines(kept.get(first)!, bodyLines(block.text)));
  }
  for (const first of kept.keys()) gone.delete(first);
  if (gone.size > 0) await db.refBlocks.bulkDelete([...gone].map((first) => [kind, first] as [Kind, string]));
  if (kept.size > 0)
    await db.refBlocks.bulkPut([...kept].map(([first, lines]) => ({ kind, first, text: lines.join('\n') })));
}

/**
 * First keys of the blocks that may hold lines with the sorted `keys`: for each key, the last
 * block starting before it, and every block starting at it (a key's lines may run over the end
 * of one block into the next ones, as a customer's in the by-customer index).
 */
async function blocksHolding(db: TillDb, kind: Kind, keys: readonly string[]): Promise<string[]> {
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
    if (at > 0 && (!startsHere || kind === 'cardByCustomer')) touched.add(firsts[at - 1]![1]);
    for (let i = at; i < firsts.length && firsts[i]![1] === key; i++) touched.add(firsts[i]![1]);
  }
  return [...touched];
}
