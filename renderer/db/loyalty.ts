import Dexie from 'dexie';
import { normalizePhone } from '../../shared/domain/identifiers';
import {
  priceBasket,
  resolveTier,
  type BasketLine,
  type LoyaltyConfig,
  type PricedBasket,
} from '../../shared/loyalty';
import { phoneLookupKey, type CardRow, type CustomerSummaryRow } from '../../shared/sync/protocol';
import type { TillDb } from './database';
import { getMeta } from './meta';
import { cardsOfCustomer, findCard } from './cards';

/** A customer as the till's cache knows them: the card used, and the pulled summary if any. */
export type CachedCustomer = { card: CardRow; summary: CustomerSummaryRow | null };

/**
 * The card and its customer's summary: a get by primary key or one block search, so the panel is
 * as fast with a million cards as with ten. Undefined: the card is not in the cache (unknown, or not yet pulled).
 */
export async function findCustomerByCard(db: TillDb, number: string): Promise<CachedCustomer | undefined> {
  const card = await findCard(db, number);
  if (card === undefined) return undefined;
  return { card, summary: (await db.customerSummaries.get(card.customerId)) ?? null };
}

export type PhoneLookup =
  { kind: 'found'; customer: CachedCustomer } | { kind: 'notPhone' } | { kind: 'notFound'; e164: string };

/**
 * Finds a customer by the phone number they say, typed any usual way: normalized to E.164 with the
 * shared rules, then found by its lookup key (the till never holds the number itself). The sale
 * goes on the customer's active card, the first issued if they have several.
 */
export async function findCustomerByPhone(db: TillDb, typed: string): Promise<PhoneLookup> {
  const e164 = normalizePhone(typed);
  if (e164 === null) return { kind: 'notPhone' };
  const summary = await db.customerSummaries.where('phoneKey').equals(phoneLookupKey(e164)).first();
  if (summary === undefined) return { kind: 'notFound', e164 };
  const card = (await cardsOfCustomer(db, summary.customerId)).find((c) => c.status === 'active');
  if (card === undefined) return { kind: 'notFound', e164 };
  return { kind: 'found', customer: { card, summary } };
}

/**
 * Points this till spent on the customer's cards in sales the server has not acknowledged yet.
 * The pulled balance does not include them, so they are subtracted before the till lets the
 * customer spend again (docs/sync-protocol.md §7.4). Those sales are the card's from the head of
 * the queue on (the outbox is one unbroken run up to the newest seq): one indexed range per card.
 */
export async function unsyncedBurnedPoints(db: TillDb, customerId: string): Promise<number> {
  const [cards, head] = await Promise.all([
    cardsOfCustomer(db, customerId),
    db.outbox.orderBy('seq').first(),
  ]);
  if (head === undefined) return 0;
  const pending = await Promise.all(
    cards.map((card) =>
      db.sales
        .where('[cardNumber+seq]')
        .between([card.number, head.seq], [card.number, Dexie.maxKey])
        .toArray(),
    ),
  );
  return pending.flat().reduce((points, sale) => points + (sale.loyalty?.pointsBurned ?? 0), 0);
}

/** The chain's loyalty rules as pulled; null until the first pull brings them. */
export async function loyaltyConfig(db: TillDb): Promise<LoyaltyConfig | null> {
  return (await getMeta(db, 'loyaltyConfig')) ?? null;
}

/** What loyalty does to a basket at this till now: the rules, the card's tier and what it may spend. */
export type LoyaltyQuote = {
  config: LoyaltyConfig;
  tierCode: string;
  /** The tier's name, for the panel. */
  tierName: string;
  /** Pulled balance minus this till's unsynced burns. */
  availablePoints: number;
  priced: PricedBasket;
};

/**
 * Prices a basket for a card with `shared/loyalty`, from the cache alone: the same call gives the
 * figures on screen and, inside the sale's transaction, the figures recorded. Null when loyalty
 * does not apply: no rules pulled yet, a card the cache does not know, or a blocked card.
 */
export async function quoteLoyalty(
  db: TillDb,
  cardNumber: string | null,
  lines: readonly BasketLine[],
): Promise<LoyaltyQuote | null> {
  if (cardNumber === null) return null;
  // Read together: inside a sale's transaction each sequential read is a round trip the cashier waits for.
  const [config, customer] = await Promise.all([loyaltyConfig(db), findCustomerByCard(db, cardNumber)]);
  if (config === null) return null;
  if (customer === undefined || customer.card.status !== 'active') return null;
  // A card pulled before its summary is in the first tier with nothing to spend, as on the server.
  const tier = resolveTier(config, customer.summary?.tierCode ?? config.tiers[0]!.code);
  const unsynced = await unsyncedBurnedPoints(db, customer.card.customerId);
  const points = customer.summary?.pointsBalance ?? 0;
  // The till always spends on its cache: the offline cap applies even while the network is up.
  const priced = priceBasket(lines, { tierCode: tier.code }, config, {
    points,
    unsyncedBurnedPoints: unsynced,
    fromCache: true,
  });
  return {
    config,
    tierCode: tier.code,
    tierName: tier.name,
    availablePoints: Math.max(0, points - unsynced),
    priced,
  };
}
