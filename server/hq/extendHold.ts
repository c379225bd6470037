import { inScope, type StoreScope } from '../auth/roles';
import type { Db } from '../db/connect';
import type { Database, Dialect } from '../db/schema';
import { changePart } from '../webshop/applyOrder';
import { findConnection } from '../webshop/connections';
import type { Kysely } from 'kysely';

/** The most days one extension adds, and the furthest a hold may reach from now. */
export const HOLD_EXTENSION_DAYS_MAX = 14;
export const HOLD_HORIZON_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type ExtendHoldResult =
  { ok: true; holdUntil: string } | { ok: false; reason: 'not_found' | 'not_ready' | 'too_far' };

/**
 * A customer asks the store to keep their order longer: the part's hold moves `days` past its end
 * (or past now, when it is almost over), the desks receive the new end with their next pull, and
 * the part's note says by how much, until when and why, for every desk and for HQ. Only a part
 * ready at the desk has a hold to extend; one that expired is already on its way to the shelf.
 */
export async function extendPartHold(
  db: Db,
  scope: StoreScope,
  input: { orderId: string; storeId: string; days: number; reason: string; byName: string },
  now = new Date(),
): Promise<ExtendHoldResult> {
  if (!inScope(scope, input.storeId)) return { ok: false, reason: 'not_found' };
  const at = now.toISOString();
  return db.kysely.transaction().execute(async (trx): Promise<ExtendHoldResult> => {
    const part = await lockedPart(trx, db.dialect, input.orderId, input.storeId);
    if (!part) return { ok: false, reason: 'not_found' };
    if (part.status !== 'ready' || part.hold_until === null) return { ok: false, reason: 'not_ready' };
    const from = Math.max(Date.parse(part.hold_until), now.getTime());
    const until = new Date(from + input.days * DAY_MS);
    if (until.getTime() > now.getTime() + HOLD_HORIZON_DAYS * DAY_MS) return { ok: false, reason: 'too_far' };
    const order = await trx
      .selectFrom('web_orders')
      .selectAll()
      .where('id', '=', input.orderId)
      .executeTakeFirstOrThrow();
    const connection = await findConnection(trx, order.connection_id);
    if (!connection) return { ok: false, reason: 'not_found' };
    const holdUntil = until.toISOString();
    await changePart(
      trx,
      connection,
      order,
      part,
      {
        hold_until: holdUntil,
        note: `Hold extended by ${input.days} d to ${holdUntil.slice(0, 10)} by ${input.byName}: ${input.reason}`,
      },
      at,
    );
    return { ok: true, holdUntil };
  });
}

/** The part, held against a concurrent hand-out or expiry on PostgreSQL until this commits. */
function lockedPart(trx: Kysely<Database>, dialect: Dialect, orderId: string, storeId: string) {
  return trx
    .selectFrom('pickup_parts')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('store_id', '=', storeId)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
}
