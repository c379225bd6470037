import {
  cardRowSchema,
  customerSummaryRowSchema,
  loyaltyConfigRowSchema,
  productRowSchema,
  storeRowSchema,
  type CardRow,
  type StoreRow,
  type PullChange,
  type PullOutput,
} from '../../shared/sync/protocol';
import type { LoyaltyConfig } from '../../shared/loyalty';
import { pickupOrderRowSchema } from '../../shared/domain/pickup';
import { parseUnknown } from '../../shared/validation';
import type { ParkedChange, TillDb } from './database';
import { applyCashierChange } from './cashiers';
import { settleBaseCards } from './cardBlocks';
import { getMeta, setMeta, type MetaValue } from './meta';
import { storePickupOrder } from './pickups';
import {
  deletePulledProduct,
  readPageBaseProducts,
  settlePageBaseProducts,
  storePulledProduct,
  type PageBaseProducts,
} from './products';
import { readPulledScanConfig, replacesHeld } from './scanConfig';

/**
 * Stores one pulled page and moves the cursor in the SAME transaction: if the page cannot be
 * stored, the cursor stays where it was and the page comes again. Rows this version does not
 * understand are parked with their reason instead of skipped, to be re-applied after an upgrade.
 */
export async function applyPullPage(
  db: TillDb,
  page: PullOutput,
): Promise<{ stored: number; parked: number }> {
  return db.transaction('rw', pulledTables(db), async () => {
    const stored = await storeChanges(db, page.changes);
    await setMeta(db, 'pullCursor', page.cursor);
    return stored;
  });
}

/** Every table a pulled change may write, for the transaction that stores it. */
export const pulledTables = (db: TillDb) => [
  db.products,
  db.cards,
  db.refBlocks,
  db.meta,
  db.parked,
  db.customerSummaries,
  db.cashiers,
  db.pickupOrders,
];

/**
 * Stores pulled changes in order, parking what this version cannot store. Call inside a
 * transaction over `pulledTables`.
 */
export async function storeChanges(
  db: TillDb,
  changes: readonly PullChange[],
): Promise<{ stored: number; parked: number }> {
  const parked: ParkedChange[] = [];
  // Cards the page changes are settled with the snapshot's blocks first, all in one pass: a
  // changed card's row stands in front of its line, a deleted card's line goes.
  const cards = pulledCards(changes);
  await settleBaseCards(db, cards.changed, cards.deleted);
  // Products: the snapshot's lines of the page's ids and GTINs, read once for the page.
  const products = await readPageBaseProducts(db, changes);
  for (const [at, change] of changes.entries()) {
    // Cards touch no other table: they are written together after the loop, each number as the
    // page's last change to it leaves it, rather than one awaited write per card.
    const applied =
      change.topic === 'card' ? (cards.refused.get(at) ?? null) : applyChange(db, change, products);
    // Await only real database work: Dexie keeps a transaction alive across a limited number of
    // awaits that touch no table, so a page of a hundred-odd rows this version parks (a topic
    // from a newer server) would otherwise end the transaction early and never be stored.
    const reason = typeof applied === 'object' && applied !== null ? await applied : applied;
    if (reason !== null) parked.push({ topic: change.topic, entityId: change.id, data: change.data, reason });
  }
  const rows = [...cards.last.values()].filter((row) => row !== null);
  const gone = [...cards.last].filter(([, row]) => row === null).map(([number]) => number);
  if (gone.length > 0) await db.cards.bulkDelete(gone);
  if (rows.length > 0) await db.cards.bulkPut(rows);
  await settlePageBaseProducts(db, products);
  if (parked.length > 0) await db.parked.bulkAdd(parked);
  return { stored: changes.length - parked.length, parked: parked.length };
}

/**
 * A page's cards: the numbers it stores and deletes, each number's row as its last change leaves
 * it (null: deleted), and why a change this version cannot read is refused, by its place in the
 * page (a card refused is parked and left as held).
 */
function pulledCards(changes: readonly PullChange[]) {
  const changed: string[] = [];
  const deleted: string[] = [];
  const last = new Map<string, CardRow | null>();
  const refused = new Map<number, string>();
  for (const [at, c] of changes.entries()) {
    if (c.topic !== 'card') continue;
    if (c.data === null) {
      deleted.push(c.id);
      last.set(c.id, null);
      continue;
    }
    const card = parseUnknown(cardRowSchema, c.data);
    if (!card.ok) refused.set(at, card.error);
    else {
      changed.push(card.value.number);
      last.set(card.value.number, card.value);
    }
  }
  return { changed, deleted, last, refused };
}

/**
 * Applies one change (data `null` deletes); returns why it was not stored, or null. A change that
 * is refused is answered at once, without a promise (see the loop above).
 */
function applyChange(
  db: TillDb,
  change: PullChange,
  products: PageBaseProducts,
): string | null | Promise<string | null> {
  switch (change.topic) {
    case 'product': {
      if (change.data === null) return stored(deletePulledProduct(db, change.id, products));
      const product = parseUnknown(productRowSchema, change.data);
      if (!product.ok) return product.error;
      return stored(storePulledProduct(db, product.value, products));
    }
    case 'card':
      // Written with the rest of the page's cards (`storeChanges`).
      return null;
    case 'loyalty_config': {
      // Chain-wide, one row (`current`), replaced whole; never deleted while a chain sells.
      if (change.data === null) return null;
      const config = parseUnknown(loyaltyConfigRowSchema, change.data);
      if (!config.ok) return config.error;
      return stored(storeLoyaltyConfig(db, config.value));
    }
    case 'customer_summary': {
      if (change.data === null) return stored(db.customerSummaries.delete(change.id));
      const summary = parseUnknown(customerSummaryRowSchema, change.data);
      if (!summary.ok) return summary.error;
      return stored(db.customerSummaries.put(summary.value));
    }
    case 'store': {
      // A store is never deleted under a till that is still enrolled in it.
      if (change.data === null) return null;
      const store = parseUnknown(storeRowSchema, change.data);
      if (!store.ok) return store.error;
      return stored(storeOfEnrolment(db, store.value));
    }
    case 'scan_config': {
      if (change.data === null) return null;
      const pulled = readPulledScanConfig(change.data);
      if (!pulled.ok) return pulled.error;
      return stored(storeScanConfig(db, pulled.value));
    }
    case 'cashier':
      return applyCashierChange(db, change);
    case 'pickup_order': {
      if (change.data === null) return stored(db.pickupOrders.delete(change.id));
      const order = parseUnknown(pickupOrderRowSchema, change.data);
      if (!order.ok) return order.error;
      return stored(storePickupOrder(db, order.value));
    }
    default:
      return 'unknown_topic';
  }
}

const stored = (work: Promise<unknown>): Promise<null> => work.then(() => null);

async function storeLoyaltyConfig(db: TillDb, config: LoyaltyConfig): Promise<void> {
  const current = await getMeta(db, 'loyaltyConfig');
  // Pages come in change-log order, but a version never goes back: an older one is kept out.
  if (current && current.version > config.version) return;
  await setMeta(db, 'loyaltyConfig', config);
}

async function storeScanConfig(db: TillDb, pulled: MetaValue<'scanConfig'>): Promise<void> {
  if (replacesHeld(pulled, await getMeta(db, 'scanConfig'))) await setMeta(db, 'scanConfig', pulled);
}

async function storeOfEnrolment(db: TillDb, store: StoreRow): Promise<void> {
  const device = await getMeta(db, 'device');
  if (device) await setMeta(db, 'device', { ...device, store });
}

export { findProductByGtin, findProductByItemCode, searchProducts } from './products';
export { findCard } from './cards';
