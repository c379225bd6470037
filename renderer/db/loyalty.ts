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
import { canonicalJson } from '../../shared/domain/canonicalJson';
import { cardsAmong, cardsOfCustomer, customerCardNumbers, findCard, findCardAtOnce } from './cards';

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
  const cards = await cardsOfCustomer(db, customerId);
  return sum(
    await pendingBurns(
      db,
      cards.map((card) => card.number),
    ),
  );
}

/**
 * Points spent on each card in this till's sales not acknowledged yet: those from the head of the
 * queue on (the queue is one unbroken run of seqs, and a sale's state is where its operation is).
 * The head and every card's sales are read at once, so a check of this costs no extra round trip.
 */
async function pendingBurns(db: TillDb, cardNumbers: readonly string[]): Promise<number[]> {
  const [head, sales] = await Promise.all([
    db.outbox.orderBy('seq').first(),
    Promise.all(
      cardNumbers.map((number) =>
        db.sales.where('[cardNumber+seq]').between([number, Dexie.minKey], [number, Dexie.maxKey]).toArray(),
      ),
    ),
  ]);
  return sales.map((ofCard) =>
    head === undefined
      ? 0
      : sum(ofCard.filter((sale) => sale.seq >= head.seq).map((sale) => sale.loyalty?.pointsBurned ?? 0)),
  );
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

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
 * Everything a loyalty quote for a card is computed from, as the cache holds it now. `customer`
 * is there only when loyalty applies: rules pulled and the card known and active.
 */
export type LoyaltyReads = {
  config: LoyaltyConfig | null;
  card: CardRow | null;
  customer: null | {
    summary: CustomerSummaryRow | null;
    /** Every number that may be one of the customer's cards, sorted (rows and blocks). */
    candidates: string[];
    /** Those that are the customer's cards. */
    cards: string[];
    unsyncedBurnedPoints: number;
  };
};

/** Reads what `priceLoyalty` needs: each read waits only for the ones it depends on. */
export async function readLoyalty(db: TillDb, cardNumber: string): Promise<LoyaltyReads> {
  const [config, card] = await Promise.all([loyaltyConfig(db), findCardAtOnce(db, cardNumber)]);
  if (config === null) return { config, card: null, customer: null };
  if (card === undefined || card.status !== 'active') return { config, card: card ?? null, customer: null };
  const [summary, candidates] = await Promise.all([
    db.customerSummaries.get(card.customerId),
    customerCardNumbers(db, card.customerId),
  ]);
  const cards = (await cardsAmong(db, card.customerId, candidates)).map((c) => c.number);
  const burns = await pendingBurns(db, cards);
  return {
    config,
    card,
    customer: { summary: summary ?? null, candidates, cards, unsyncedBurnedPoints: sum(burns) },
  };
}

/**
 * Whether the cache still holds exactly `before` for the card. Every read goes out at once, the
 * ones that depend on an earlier read taking its answer from `before` (the customer, their
 * cards); those answers are read too and must not have moved, so true means `readLoyalty` would
 * return `before` now. This is what lets a sale prepared on the payment screen be checked inside
 * its transaction in one round trip to IndexedDB.
 */
export async function loyaltyUnchanged(
  db: TillDb,
  cardNumber: string,
  before: LoyaltyReads,
): Promise<boolean> {
  const customerId = before.customer === null ? null : before.card!.customerId;
  const candidates = before.customer?.candidates ?? [];
  const [config, card, customer] = await Promise.all([
    loyaltyConfig(db),
    findCardAtOnce(db, cardNumber),
    customerId === null
      ? null
      : Promise.all([
          db.customerSummaries.get(customerId),
          customerCardNumbers(db, customerId),
          cardsAmong(db, customerId, candidates),
          pendingBurns(db, candidates),
        ]),
  ]);
  let now: LoyaltyReads;
  if (config === null) now = { config, card: null, customer: null };
  else if (card === undefined || card.status !== 'active')
    now = { config, card: card ?? null, customer: null };
  else {
    if (customer === null || card.customerId !== customerId) return false;
    const [summary, candidatesNow, cards, burns] = customer;
    if (canonicalJson(candidatesNow) !== canonicalJson(candidates)) return false;
    const numbers = cards.map((c) => c.number);
    const unsynced = sum(candidates.map((number, i) => (numbers.includes(number) ? burns[i]! : 0)));
    now = {
      config,
      card,
      customer: { summary: summary ?? null, candidates, cards: numbers, unsyncedBurnedPoints: unsynced },
    };
  }
  return canonicalJson(now) === canonicalJson(before);
}

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
  // Read together: each sequential read is a round trip to IndexedDB.
  const [config, customer] = await Promise.all([loyaltyConfig(db), findCustomerByCard(db, cardNumber)]);
  if (config === null) return null;
  if (customer === undefined || customer.card.status !== 'active') return null;
  const unsynced = await unsyncedBurnedPoints(db, customer.card.customerId);
  return priceLoyalty(
    {
      config,
      card: customer.card,
      // Only what pricing reads: the sale's transaction reads the customer's cards itself.
      customer: { summary: customer.summary, candidates: [], cards: [], unsyncedBurnedPoints: unsynced },
    },
    lines,
  );
}

/** The quote from what `readLoyalty` read; no reads of its own. */
export function priceLoyalty(reads: LoyaltyReads, lines: readonly BasketLine[]): LoyaltyQuote | null {
  const { config, card, customer } = reads;
  if (config === null || card === null || customer === null) return null;
  // A card pulled before its summary is in the first tier with nothing to spend, as on the server.
  const tier = resolveTier(config, customer.summary?.tierCode ?? config.tiers[0]!.code);
  const unsynced = customer.unsyncedBurnedPoints;
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
