import { inScope, type StoreScope } from '../auth/roles';
import type { Db } from '../db/connect';
import { settleOrderPoints } from '../loyalty/orderPoints';
import { syncParts } from '../webshop/applyOrder';
import { findConnection } from '../webshop/connections';
import type { RoutingOverride } from '../webshop/routing';

/**
 * What a person at HQ does about the web-shop orders that need one (docs/operations.md §16). Each
 * action is conditional, so two people clicking at once change the order once.
 */

export type ResolveOutcome = { ok: true } | { ok: false; reason: 'not_found' | 'not_flagged' | 'no_store' };

/**
 * Routes a flagged order as decided: the whole order to one store, or delivery only. The order is
 * locked and must still be flagged; its parts are then made (or not) as for any routed order, and
 * the decision is kept so the shop's later updates are routed the same way.
 */
export async function resolveReview(
  db: Db,
  orderId: string,
  resolution: RoutingOverride,
): Promise<ResolveOutcome> {
  const now = new Date().toISOString();
  return db.kysely.transaction().execute(async (trx) => {
    if (resolution.kind === 'store') {
      const store = await trx
        .selectFrom('stores')
        .select('id')
        .where('id', '=', resolution.storeId)
        .executeTakeFirst();
      if (!store) return { ok: false, reason: 'no_store' } as const;
    }
    const claimed = await trx
      .updateTable('web_orders')
      .set({ routing_override: JSON.stringify(resolution), updated_at: now })
      .where('id', '=', orderId)
      .where('review_reason', 'is not', null)
      .executeTakeFirst();
    const order = await trx.selectFrom('web_orders').selectAll().where('id', '=', orderId).executeTakeFirst();
    if (!order) return { ok: false, reason: 'not_found' } as const;
    if (Number(claimed.numUpdatedRows) !== 1) return { ok: false, reason: 'not_flagged' } as const;
    const connection = await findConnection(trx, order.connection_id);
    if (!connection) return { ok: false, reason: 'not_found' } as const;
    await syncParts(trx, connection, order, now);
    // Routed at last: its store pickups now wait for their desks before they earn.
    await settleOrderPoints(trx, order.id, now);
    return { ok: true } as const;
  });
}

/** An expired part's goods are back on the shelf; said once, by whom it is kept. */
export async function markReturnedToShelf(
  db: Db,
  scope: StoreScope,
  userId: string,
  orderId: string,
  storeId: string,
): Promise<{ ok: true } | { ok: false; reason: 'not_found' | 'not_expired' }> {
  if (!inScope(scope, storeId)) return { ok: false, reason: 'not_found' };
  const shelved = await db.kysely
    .updateTable('pickup_parts')
    .set({ shelved_at: new Date().toISOString(), shelved_by: userId })
    .where('order_id', '=', orderId)
    .where('store_id', '=', storeId)
    .where('status', '=', 'expired')
    .where('shelved_at', 'is', null)
    .executeTakeFirst();
  if (Number(shelved.numUpdatedRows) === 1) return { ok: true };
  const part = await db.kysely
    .selectFrom('pickup_parts')
    .select('status')
    .where('order_id', '=', orderId)
    .where('store_id', '=', storeId)
    .executeTakeFirst();
  return { ok: false, reason: part ? 'not_expired' : 'not_found' };
}

/**
 * A status webhook still undelivered is due now rather than at its backoff time; the sender takes
 * it on its next round, under its usual claim. An event whose POST is in flight may so be posted
 * twice, which the shop already handles: deliveries are at least once, deduplicated by event id.
 */
export async function retryOutboundNow(db: Db, eventId: string): Promise<boolean> {
  const result = await db.kysely
    .updateTable('outbound_events')
    .set({ next_attempt_at: new Date().toISOString() })
    .where('id', '=', eventId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
