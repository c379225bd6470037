import type { Db } from '../db/connect';
import { logger } from '../log';
import { changePart } from '../webshop/applyOrder';
import { findConnection } from '../webshop/connections';

/**
 * Parts still `ready` after their hold period become `expired` (docs/sync-protocol.md §13.4): the
 * desks see it, the shop is told (to cancel and refund), and HQ lists the order for return to
 * the shelf. Idempotent and safe on several processes: each part moves with a conditional update
 * (`WHERE status = 'ready' AND hold_until < now`), so a part expires once whoever runs the job.
 * Returns how many parts expired.
 */
export async function expireOverdueParts(db: Db, now = new Date(), limit = 200): Promise<number> {
  const at = now.toISOString();
  const overdue = await db.kysely
    .selectFrom('pickup_parts')
    .select(['order_id', 'store_id'])
    .where('status', '=', 'ready')
    .where('hold_until', '<', at)
    .orderBy('hold_until')
    .limit(limit)
    .execute();
  let expired = 0;
  for (const { order_id: orderId, store_id: storeId } of overdue) {
    const moved = await db.kysely.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('pickup_parts')
        .set({ status: 'expired', settled_at: at })
        .where('order_id', '=', orderId)
        .where('store_id', '=', storeId)
        .where('status', '=', 'ready')
        .where('hold_until', '<', at)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false;
      // Read under the row lock the update took, so the revision is the latest.
      const part = await trx
        .selectFrom('pickup_parts')
        .selectAll()
        .where('order_id', '=', orderId)
        .where('store_id', '=', storeId)
        .executeTakeFirstOrThrow();
      const order = await trx
        .selectFrom('web_orders')
        .selectAll()
        .where('id', '=', orderId)
        .executeTakeFirstOrThrow();
      const connection = await findConnection(trx, order.connection_id);
      if (!connection) throw new Error(`order ${orderId}: its connection is gone`);
      await changePart(
        trx,
        connection,
        order,
        { ...part, status: 'ready' },
        { status: 'expired', settled_at: at },
        at,
      );
      return true;
    });
    if (moved) expired++;
  }
  if (expired > 0) logger.info({ expired }, 'pickup: parts past their hold period expired');
  return expired;
}
