import { cardRowSchema, type CardRow } from '../../shared/sync/protocol';
import { bodyLines, findLine, lineKey, linesWithKey, toBlocks } from '../../shared/sync/snapshot';
import { parseUnknown } from '../../shared/validation';
import type { RefBlockRecord, TillDb } from './database';
import { getMeta, setMeta } from './meta';

type Kind = RefBlockRecord['kind'];

/**
 * Cards from a snapshot live in sorted blocks (docs/sync-protocol.md §17): a card is found by one
 * indexed read, the block whose first key is the greatest not above the number, then a binary
 * search of its lines. Cards pulled later are rows of `cards`; a pulled change to a card takes
 * it out of its block, so every card lives in exactly one place.
 */

/** Stores sorted lines of one kind as blocks; call inside a transaction over `refBlocks`. */
export async function storeBlocks(db: TillDb, kind: Kind, lines: readonly string[]): Promise<void> {
  await db.refBlocks.bulkPut(
    toBlocks(lines).map((b) => ({ kind, first: b.first, text: b.lines.join('\n') })),
  );
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
  const [, customerId, maskedName, status] = JSON.parse(lines[at]!) as unknown[];
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
 * Takes a card out of the snapshot's blocks, when a pulled change replaces or deletes it: an
 * erased card leaves no line behind. Call inside a transaction over `refBlocks` and `meta`.
 */
export async function removeBaseCard(db: TillDb, number: string): Promise<void> {
  const block = await blockOf(db, 'card', number);
  if (block === undefined) return;
  const lines = bodyLines(block.text);
  const at = findLine(lines, number);
  if (at < 0) return;
  const customerId = (JSON.parse(lines[at]!) as unknown[])[1];
  await removeLine(db, block, lines, at);
  await setMeta(db, 'snapshotCards', Math.max(0, ((await getMeta(db, 'snapshotCards')) ?? 1) - 1));
  if (typeof customerId !== 'string') return;
  const line = JSON.stringify([customerId, number]);
  const indexBlocks = await db.refBlocks
    .where('[kind+first]')
    .between(['cardByCustomer', ''], ['cardByCustomer', customerId], true, true)
    .reverse()
    .until((b) => b.first < customerId, true)
    .toArray();
  for (const indexBlock of indexBlocks) {
    const indexLines = bodyLines(indexBlock.text);
    const found = indexLines.indexOf(line);
    if (found >= 0) return removeLine(db, indexBlock, indexLines, found);
  }
}

/** Rewrites a block without one line; a block left empty goes, one that lost its first moves. */
async function removeLine(db: TillDb, block: RefBlockRecord, lines: string[], at: number): Promise<void> {
  lines.splice(at, 1);
  if (at === 0 || lines.length === 0) await db.refBlocks.delete([block.kind, block.first]);
  if (lines.length === 0) return;
  await db.refBlocks.put({ kind: block.kind, first: lineKey(lines[0]!), text: lines.join('\n') });
}
