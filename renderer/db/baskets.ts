import { z } from 'zod';
import { cardRowSchema, productRowSchema } from '../../shared/sync/protocol';
import { parseUnknown } from '../../shared/validation';
import { emptyCart, type Cart } from '../till/cart';
import type { HeldBasketRecord, TillDb } from './database';

/**
 * What a stored basket must hold. IndexedDB keeps whatever an older build (or someone with the
 * developer tools) wrote, so a basket is checked when read, like any stored JSON.
 */
const cartSchema: z.ZodType<Cart> = z.object({
  lines: z.array(
    z.object({
      key: z.string().min(1),
      product: productRowSchema,
      quantityMilli: z.number().int().positive(),
      source: z.enum(['weighed', 'priced', 'marked']).optional(),
      marking: z.object({ code: z.string(), raw: z.string(), unitKey: z.string() }).optional(),
    }),
  ),
  card: z.object({ number: z.string(), known: cardRowSchema.nullable() }).nullable(),
});

export type OpenBasket = { cart: Cart; selectedKey: string | null };

export type LoadedBasket =
  | { ok: true; basket: OpenBasket }
  /** The stored row was unreadable: the till starts empty and says so; the row is left for support. */
  | { ok: false; error: string };

export async function loadOpenBasket(db: TillDb): Promise<LoadedBasket> {
  const row = await db.basket.get('open');
  if (row === undefined) return { ok: true, basket: { cart: emptyCart, selectedKey: null } };
  const cart = parseUnknown(cartSchema, row.cart);
  if (!cart.ok) return { ok: false, error: cart.error };
  const selectedKey = typeof row.selectedKey === 'string' ? row.selectedKey : null;
  return { ok: true, basket: { cart: cart.value, selectedKey } };
}

/**
 * Writes the open basket as it is now. Called on every change, without a debounce: a put of a
 * few lines takes well under a frame and the screen never waits for it, while a debounce would
 * lose the last scan to a power cut. IndexedDB runs writes to one store in the order they were
 * made, so the newest basket is the one left.
 */
export async function saveOpenBasket(db: TillDb, basket: OpenBasket): Promise<void> {
  await db.basket.put({ id: 'open', cart: basket.cart, selectedKey: basket.selectedKey });
}

/** Puts the open basket aside and leaves an empty one, in one transaction. */
export async function holdBasket(db: TillDb, cart: Cart, now = new Date()): Promise<void> {
  await db.transaction('rw', [db.basket, db.heldBaskets], async () => {
    await db.heldBaskets.add({ cart, heldAt: now.toISOString() });
    await db.basket.put({ id: 'open', cart: emptyCart, selectedKey: null });
  });
}

/**
 * Brings a held basket back as the open one. A basket already open with lines in it is held in
 * its place (a cashier swaps customers, never loses one); all in one transaction.
 */
export async function recallBasket(
  db: TillDb,
  id: number,
  current: Cart,
  now = new Date(),
): Promise<OpenBasket | undefined> {
  return db.transaction('rw', [db.basket, db.heldBaskets], async () => {
    const held = await db.heldBaskets.get(id);
    if (held === undefined) return undefined;
    const cart = parseUnknown(cartSchema, held.cart);
    if (!cart.ok) return undefined;
    await db.heldBaskets.delete(id);
    if (current.lines.length > 0 || current.card !== null)
      await db.heldBaskets.add({ cart: current, heldAt: now.toISOString() });
    const basket = { cart: cart.value, selectedKey: cart.value.lines.at(-1)?.key ?? null };
    await db.basket.put({ id: 'open', ...basket });
    return basket;
  });
}

/** Held baskets in the order they were put aside on this till. */
export function listHeldBaskets(db: TillDb): Promise<HeldBasketRecord[]> {
  return db.heldBaskets.orderBy('id').toArray();
}

/**
 * Puts a basket made elsewhere (a pay-at-pickup order from the desk) among the held baskets, for
 * the till to recall; the till's open basket is left as it is.
 */
export async function addHeldBasket(db: TillDb, cart: Cart, now = new Date()): Promise<void> {
  await db.heldBaskets.add({ cart, heldAt: now.toISOString() });
}
