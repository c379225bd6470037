import type { PickupStatus } from '../../shared/domain/pickup';
import { inScope, type StoreScope } from '../auth/roles';
import type { Db } from '../db/connect';
import { readyFields, changePart } from '../webshop/applyOrder';
import { findConnection } from '../webshop/connections';
import { partLines } from '../pickup/parts';

/**
 * HQ's read models of web-shop orders (docs/webshop-ingestion.md §7): the pickup parts per store
 * with their state, the review list (orders that could not be routed, refused hand-outs, expired
 * parts to return to the shelf, status webhooks the shop keeps refusing, deliveries that could not
 * be read), and marking a part ready.
 */

export type StoreOrder = {
  orderId: string;
  orderNumber: string;
  connectionId: string;
  storeId: string;
  status: PickupStatus;
  revision: number;
  totalMinor: number;
  currency: string;
  lines: { lineId: string; name: string; quantity: number; collectedQuantity: number }[];
  placedAt: string;
  readyAt: string | null;
  holdUntil: string | null;
  settledAt: string | null;
  note: string | null;
};

export async function storeOrders(
  db: Db,
  scope: StoreScope,
  input: { storeId: string; status?: PickupStatus | undefined; limit: number },
): Promise<StoreOrder[] | null> {
  if (!inScope(scope, input.storeId)) return null;
  const rows = await db.kysely
    .selectFrom('pickup_parts')
    .innerJoin('web_orders', 'web_orders.id', 'pickup_parts.order_id')
    .select([
      'pickup_parts.order_id',
      'pickup_parts.store_id',
      'pickup_parts.status',
      'pickup_parts.revision',
      'pickup_parts.total_minor',
      'pickup_parts.lines',
      'pickup_parts.ready_at',
      'pickup_parts.hold_until',
      'pickup_parts.settled_at',
      'pickup_parts.note',
      'web_orders.order_number',
      'web_orders.external_id',
      'web_orders.connection_id',
      'web_orders.currency',
      'web_orders.placed_at',
    ])
    .where('pickup_parts.store_id', '=', input.storeId)
    .$if(input.status !== undefined, (q) => q.where('pickup_parts.status', '=', input.status ?? 'awaiting'))
    .orderBy('pickup_parts.order_id', 'desc')
    .limit(input.limit)
    .execute();
  return rows.map((r) => ({
    orderId: r.order_id,
    orderNumber: r.order_number ?? r.external_id,
    connectionId: r.connection_id,
    storeId: r.store_id,
    status: r.status,
    revision: Number(r.revision),
    totalMinor: Number(r.total_minor),
    currency: r.currency ?? '',
    lines: partLines(r).map((l) => ({
      lineId: l.lineId,
      name: l.name,
      quantity: l.quantity,
      collectedQuantity: l.collectedQuantity,
    })),
    placedAt: r.placed_at,
    readyAt: r.ready_at,
    holdUntil: r.hold_until,
    settledAt: r.settled_at,
    note: r.note,
  }));
}

export type ReviewList = {
  /** Orders the server would not route by guessing: mixed fulfilment, unmapped locations. */
  unrouted: {
    orderId: string;
    connectionId: string;
    orderNumber: string;
    reason: string;
    updatedAt: string;
  }[];
  /** Desk confirmations the server refused (two desks, wrong store, expired…). */
  refusedHandouts: {
    pickupId: string;
    orderId: string;
    storeId: string;
    deviceId: string;
    deviceName: string;
    orderNumber: string;
    reason: string;
    receivedAt: string;
  }[];
  /** Parts past their hold period whose goods are not yet back on the shelf. */
  returnToShelf: {
    orderId: string;
    orderNumber: string;
    storeId: string;
    holdUntil: string | null;
    expiredAt: string | null;
  }[];
  /** Status webhooks the shop has not yet accepted after at least one attempt. */
  failingOutbound: {
    id: string;
    connectionId: string;
    orderId: string;
    orderNumber: string;
    type: string;
    attempts: number;
    lastError: string | null;
    nextAttemptAt: string;
  }[];
  /** Signed deliveries the server could not read as an order. */
  failedDeliveries: {
    id: string;
    connectionId: string;
    topic: string;
    error: string | null;
    receivedAt: string;
  }[];
};

export async function reviewList(db: Db, scope: StoreScope, limit: number): Promise<ReviewList> {
  const stores = scope.kind === 'stores' ? scope.storeIds : null;
  const chainWide = stores === null;
  const unrouted = chainWide
    ? await db.kysely
        .selectFrom('web_orders')
        .select(['id', 'connection_id', 'order_number', 'external_id', 'review_reason', 'updated_at'])
        .where('review_reason', 'is not', null)
        .orderBy('updated_at', 'desc')
        .limit(limit)
        .execute()
    : [];
  const refused = await db.kysely
    .selectFrom('pickup_handouts as h')
    .leftJoin('web_orders as o', 'o.id', 'h.order_id')
    .leftJoin('devices as d', 'd.id', 'h.device_id')
    .select([
      'h.pickup_id',
      'h.order_id',
      'h.store_id',
      'h.device_id',
      'h.reason',
      'h.received_at',
      'o.order_number',
      'o.external_id',
      'd.name as device_name',
    ])
    .where('h.outcome', '=', 'rejected')
    .$if(stores !== null, (q) => q.where('h.store_id', 'in', stores && stores.length > 0 ? stores : ['']))
    .orderBy('h.received_at', 'desc')
    .limit(limit)
    .execute();
  const expired = await db.kysely
    .selectFrom('pickup_parts')
    .innerJoin('web_orders', 'web_orders.id', 'pickup_parts.order_id')
    .select([
      'pickup_parts.order_id',
      'pickup_parts.store_id',
      'pickup_parts.hold_until',
      'pickup_parts.settled_at',
      'web_orders.order_number',
      'web_orders.external_id',
    ])
    .where('pickup_parts.status', '=', 'expired')
    .where('pickup_parts.shelved_at', 'is', null)
    .$if(stores !== null, (q) =>
      q.where('pickup_parts.store_id', 'in', stores && stores.length > 0 ? stores : ['']),
    )
    .orderBy('pickup_parts.settled_at', 'desc')
    .limit(limit)
    .execute();
  const failing = chainWide
    ? await db.kysely
        .selectFrom('outbound_events as e')
        .innerJoin('web_orders as o', 'o.id', 'e.order_id')
        .select([
          'e.id',
          'e.connection_id',
          'e.order_id',
          'e.type',
          'e.attempts',
          'e.last_error',
          'e.next_attempt_at',
          'o.order_number',
          'o.external_id',
        ])
        .where('e.status', '=', 'pending')
        .where('e.attempts', '>', 0)
        .orderBy('e.id')
        .limit(limit)
        .execute()
    : [];
  const failed = chainWide
    ? await db.kysely
        .selectFrom('ingest_inbox')
        .select(['id', 'connection_id', 'topic', 'error', 'received_at'])
        .where('status', '=', 'failed')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()
    : [];
  return {
    unrouted: unrouted.map((o) => ({
      orderId: o.id,
      connectionId: o.connection_id,
      orderNumber: o.order_number ?? o.external_id,
      reason: o.review_reason ?? '',
      updatedAt: o.updated_at,
    })),
    refusedHandouts: refused.map((h) => ({
      pickupId: h.pickup_id,
      orderId: h.order_id,
      storeId: h.store_id,
      deviceId: h.device_id,
      deviceName: h.device_name ?? h.device_id,
      orderNumber: h.order_number ?? h.external_id ?? h.order_id,
      reason: h.reason ?? '',
      receivedAt: h.received_at,
    })),
    returnToShelf: expired.map((p) => ({
      orderId: p.order_id,
      orderNumber: p.order_number ?? p.external_id,
      storeId: p.store_id,
      holdUntil: p.hold_until,
      expiredAt: p.settled_at,
    })),
    failingOutbound: failing.map((e) => ({
      id: e.id,
      connectionId: e.connection_id,
      orderId: e.order_id,
      orderNumber: e.order_number ?? e.external_id,
      type: e.type,
      attempts: Number(e.attempts),
      lastError: e.last_error,
      nextAttemptAt: e.next_attempt_at,
    })),
    failedDeliveries: failed.map((f) => ({
      id: f.id,
      connectionId: f.connection_id,
      topic: f.topic,
      error: f.error,
      receivedAt: f.received_at,
    })),
  };
}

/**
 * A store's part is picked and waiting at the desk: the hold period starts, a pickup code is drawn
 * and goes to the shop in the `pickup.ready` webhook, and the desks get the code's hash.
 */
export async function markPartReady(
  db: Db,
  scope: StoreScope,
  orderId: string,
  storeId: string,
): Promise<{ ok: true; holdUntil: string } | { ok: false; reason: 'not_found' | 'not_awaiting' }> {
  if (!inScope(scope, storeId)) return { ok: false, reason: 'not_found' };
  const now = new Date().toISOString();
  return db.kysely.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('pickup_parts')
      .set({ status: 'ready' })
      .where('order_id', '=', orderId)
      .where('store_id', '=', storeId)
      .where('status', '=', 'awaiting')
      .executeTakeFirst();
    const part = await trx
      .selectFrom('pickup_parts')
      .selectAll()
      .where('order_id', '=', orderId)
      .where('store_id', '=', storeId)
      .executeTakeFirst();
    if (!part) return { ok: false, reason: 'not_found' } as const;
    if (Number(claimed.numUpdatedRows) !== 1) return { ok: false, reason: 'not_awaiting' } as const;
    const order = await trx
      .selectFrom('web_orders')
      .selectAll()
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    const connection = await findConnection(trx, order.connection_id);
    if (!connection) return { ok: false, reason: 'not_found' } as const;
    const ready = await readyFields(connection, null, now);
    const next = await changePart(
      trx,
      connection,
      order,
      { ...part, status: 'awaiting' },
      ready.fields,
      now,
      ready.code,
    );
    return { ok: true, holdUntil: next.hold_until ?? now } as const;
  });
}
