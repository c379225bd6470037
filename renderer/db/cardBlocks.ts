import { cardRowSchema, type CardRow } from '../../shared/sync/protocol';
import { bodyLines, lineKey } from '../../shared/sync/snapshot';
import { parseUnknown } from '../../shared/validation';
import type { TillDb } from './database';
import { getMeta, setMeta } from './meta';
import {
  blocksHolding,
  joinLines,
  lineOf,
  linesOf,
  linesWithKeyOf,
  type BlockKind as Kind,
} from './refBlocks';

/**
 * Cards from a snapshot live in sorted blocks (docs/sync-protocol.md §17): a card is found by one
 * indexed read, the block whose first key is the greatest not above the number, then a binary
 * search of its lines. Cards pulled later are rows of `cards`; a pulled change to a card takes
 * it out of its block, so every card lives in exactly one place.
 */

/** The card as the snapshot has it, checked as a pulled card is; undefined when not there. */
export async function findBaseCard(db: TillDb, number: string): Promise<CardRow | undefined> {
  const found = await lineOf(db, 'card', number);
  if (found === undefined) return undefined;
  // Lines were stored by their keys alone (`lineKey`): the one found is read, and checked, now.
  let line: unknown;
  try {
    line = JSON.parse(found);
  } catch {
    return undefined;
  }
  const [, customerId, maskedName, status] = Array.isArray(line) ? (line as unknown[]) : [];
  const card = parseUnknown(cardRowSchema, { number, customerId, maskedName, status });
  return card.ok ? card.value : undefined;
}

/** Numbers the snapshot lists under a customer (each still to be read through `findCard`). */
export async function baseCardNumbersOf(db: TillDb, customerId: string): Promise<string[]> {
  const numbers: string[] = [];
  for (const line of await linesWithKeyOf(db, 'cardByCustomer', customerId)) {
    const number = (JSON.parse(line) as unknown[])[1];
    if (typeof number === 'string') numbers.push(number);
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
  return (await linesOf(db, 'card', numbers)).size;
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
