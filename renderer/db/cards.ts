import type { CardRow } from '../../shared/sync/protocol';
import type { TillDb } from './database';
import { baseCardNumbersOf, findBaseCard } from './cardBlocks';

/**
 * A card by number: a row of `cards` (pulled after the snapshot, or issued here) first, then the
 * snapshot's blocks. A pulled change takes the card out of its block, so the two never disagree.
 */
export async function findCard(db: TillDb, number: string): Promise<CardRow | undefined> {
  return (await db.cards.get(number)) ?? findBaseCard(db, number);
}

/**
 * `findCard` with both places asked at once, for a sale's transaction, where each sequential read
 * is a round trip the cashier waits for and most cards are in a block.
 */
export async function findCardAtOnce(db: TillDb, number: string): Promise<CardRow | undefined> {
  const [row, base] = await Promise.all([db.cards.get(number), findBaseCard(db, number)]);
  return row ?? base;
}

/** Every number that may be a card of the customer (rows and blocks), sorted, to be read through `findCard`. */
export async function customerCardNumbers(db: TillDb, customerId: string): Promise<string[]> {
  const [rows, base] = await Promise.all([
    db.cards.where('customerId').equals(customerId).primaryKeys(),
    baseCardNumbersOf(db, customerId),
  ]);
  return [...new Set([...rows, ...base])].sort();
}

/** A customer's cards, in number order, wherever each is held. */
export async function cardsOfCustomer(db: TillDb, customerId: string): Promise<CardRow[]> {
  const numbers = new Set(await db.cards.where('customerId').equals(customerId).primaryKeys());
  for (const number of await baseCardNumbersOf(db, customerId)) numbers.add(number);
  const cards: CardRow[] = [];
  for (const number of [...numbers].sort()) {
    const card = await findCard(db, number);
    if (card?.customerId === customerId) cards.push(card);
  }
  return cards;
}

/** The cards of `numbers` that are the customer's now, in the order given, read all at once (for a sale's transaction). */
export async function cardsAmong(
  db: TillDb,
  customerId: string,
  numbers: readonly string[],
): Promise<CardRow[]> {
  const cards = await Promise.all(numbers.map((number) => findCardAtOnce(db, number)));
  return cards.filter((card): card is CardRow => card?.customerId === customerId);
}
