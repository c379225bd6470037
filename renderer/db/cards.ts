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
