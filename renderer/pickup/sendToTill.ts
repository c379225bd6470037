import { findCard } from '../db/catalog';
import { addHeldBasket } from '../db/baskets';
import type { PickupOrderRecord, TillDb } from '../db/database';
import { findProductByGtin } from '../db/catalog';
import { gtinCandidates } from '../scanner/scanToCart';
import { cartReducer, emptyCart, type Cart } from '../till/cart';
import type { HandoutLineDraft } from './handout';

/**
 * Puts the goods a pay-at-pickup customer takes among the till's held baskets (recalled there with
 * F9), at the shop's prices, with the card scanned at the desk. A line whose product the till's
 * catalog does not know cannot go on a sale: it is counted, and the desk says to key it by hand.
 * Nor can a marked product's line, which the till rings up unit by unit by each code: counted too,
 * and the desk says to scan them at the till. Either way nothing is sent.
 */
export async function sendToTill(
  db: TillDb,
  order: PickupOrderRecord,
  drafts: readonly HandoutLineDraft[],
  cardNumber: string | null,
): Promise<{ missing: number; marked: number }> {
  let cart: Cart = emptyCart;
  let missing = 0;
  let marked = 0;
  for (const draft of drafts) {
    const line = order.lines.find((l) => l.lineId === draft.lineId);
    if (line === undefined || draft.handed === 0) continue;
    const product = line.gtin ? await catalogProduct(db, line.gtin) : undefined;
    if (product === undefined) {
      missing++;
      continue;
    }
    // A marked unit goes on a sale only by its own code, scanned at the till (docs/scanners.md §6.5).
    if (product.marked) {
      marked++;
      continue;
    }
    cart = cartReducer(cart, {
      type: 'addProduct',
      product: { ...product, priceMinor: line.unitPriceMinor },
      quantityMilli: draft.handed * 1000,
    });
  }
  if (missing > 0 || marked > 0) return { missing, marked };
  if (cardNumber !== null)
    cart = cartReducer(cart, {
      type: 'setCard',
      number: cardNumber,
      known: (await findCard(db, cardNumber)) ?? null,
    });
  await addHeldBasket(db, cart);
  return { missing: 0, marked: 0 };
}

async function catalogProduct(db: TillDb, gtin: string) {
  for (const candidate of gtinCandidates(gtin.padStart(14, '0'))) {
    const product = await findProductByGtin(db, candidate);
    if (product !== undefined) return product;
  }
  return undefined;
}
