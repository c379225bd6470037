import type { Kysely } from 'kysely';
import type { PickupConfirm, PickupRejectReason, PickupStatus } from '../../shared/domain/pickup';
import type { OpOutcome } from '../../shared/sync/protocol';
import type { Database } from '../db/schema';
import type { ApplyContext, DeviceScope } from '../sync/applySale';
import { findConnection } from '../webshop/connections';
import { changePart } from '../webshop/applyOrder';
import { partLines, type PartRow } from './parts';
import { settleOrderPoints } from '../loyalty/orderPoints';

const OPEN: readonly PickupStatus[] = ['awaiting', 'ready'];

/**
 * `pickup.confirm` (docs/sync-protocol.md §13): a desk handed out a store's part of a web-shop
 * order. Conditional, never a blind copy: the part must be this store's and still open. The
 * state moves with one `UPDATE … WHERE status IN ('awaiting', 'ready')`, so of two desks
 * confirming the same order, on any number of server processes, exactly one moves it; the other
 * finds it settled and is refused `already_collected`. Every confirmation, applied or refused, is
 * kept in `pickup_handouts`, and refusals are listed at HQ.
 */
export async function applyPickupConfirm(
  trx: Kysely<Database>,
  scope: DeviceScope,
  opId: string,
  pickup: PickupConfirm,
  { receivedAt }: ApplyContext,
): Promise<OpOutcome> {
  const order = await trx
    .selectFrom('web_orders')
    .selectAll()
    .where('id', '=', pickup.orderId)
    .executeTakeFirst();
  if (!order) return refuse(trx, scope, opId, pickup, receivedAt, 'unknown_order', null, 'no such order');
  // A no-op update takes the part's row lock on PostgreSQL (SQLite has one writer), so the lines
  // read next are the ones the conditional update below will change.
  await trx
    .updateTable('pickup_parts')
    .set((eb) => ({ revision: eb.ref('revision') }))
    .where('order_id', '=', order.id)
    .where('store_id', '=', scope.storeId)
    .execute();
  const part = await trx
    .selectFrom('pickup_parts')
    .selectAll()
    .where('order_id', '=', order.id)
    .where('store_id', '=', scope.storeId)
    .executeTakeFirst();
  if (!part)
    return refuse(
      trx,
      scope,
      opId,
      pickup,
      receivedAt,
      'wrong_store',
      null,
      'the order is not for this store',
    );

  // Read under the row lock: a part another desk settled is refused for that, whatever the lines.
  if (!OPEN.includes(part.status)) {
    return refuse(
      trx,
      scope,
      opId,
      pickup,
      receivedAt,
      reasonFor(part.status),
      part,
      `the order is ${part.status}`,
    );
  }
  const lines = partLines(part);
  for (const handed of pickup.lines) {
    const line = lines.find((l) => l.lineId === handed.lineId);
    const left = line ? line.quantity - line.collectedQuantity : 0;
    if (!line || handed.handedQuantity + handed.refusedQuantity > left) {
      return refuse(trx, scope, opId, pickup, receivedAt, 'line_mismatch', part, `line ${handed.lineId}`);
    }
  }
  const collected = lines.map((line) => {
    const handed = pickup.lines.find((h) => h.lineId === line.lineId);
    return { ...line, collectedQuantity: line.collectedQuantity + (handed?.handedQuantity ?? 0) };
  });
  const all = collected.every((l) => l.collectedQuantity === l.quantity);
  const none = collected.every((l) => l.collectedQuantity === 0);
  const status: PickupStatus = all ? 'collected' : none ? 'refused' : 'partly_collected';

  const moved = await trx
    .updateTable('pickup_parts')
    .set({ status, settled_at: receivedAt })
    .where('order_id', '=', order.id)
    .where('store_id', '=', scope.storeId)
    .where('status', 'in', OPEN)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) {
    const now = await trx
      .selectFrom('pickup_parts')
      .selectAll()
      .where('order_id', '=', order.id)
      .where('store_id', '=', scope.storeId)
      .executeTakeFirstOrThrow();
    return refuse(
      trx,
      scope,
      opId,
      pickup,
      receivedAt,
      reasonFor(now.status),
      now,
      `the order is ${now.status}`,
    );
  }

  const card = pickup.cardNumber
    ? await trx
        .selectFrom('cards')
        .select(['number', 'customer_id'])
        .where('number', '=', pickup.cardNumber)
        .executeTakeFirst()
    : undefined;
  await record(trx, scope, opId, pickup, receivedAt, 'applied', null, card?.customer_id ?? null);
  // The card scanned at hand-over is the evidence that links the order to its customer.
  const linked =
    card && order.customer_id === null
      ? { ...order, card_number: card.number, customer_id: card.customer_id }
      : order;
  if (linked !== order) {
    await trx
      .updateTable('web_orders')
      .set({ card_number: linked.card_number, customer_id: linked.customer_id })
      .where('id', '=', order.id)
      .execute();
  }
  const connection = await findConnection(trx, order.connection_id);
  if (!connection) throw new Error(`order ${order.id}: its connection is gone`);
  // The status is already moved above; changePart writes the lines and revision and publishes it.
  await changePart(
    trx,
    connection,
    linked,
    { ...part },
    { status, settled_at: receivedAt, lines: JSON.stringify(collected), note: null },
    receivedAt,
  );
  // What was handed over now earns its points, for the card scanned or the order's customer.
  await settleOrderPoints(trx, order.id, receivedAt);
  return { outcome: 'applied', entityId: pickup.pickupId };
}

function reasonFor(status: PickupStatus): PickupRejectReason {
  switch (status) {
    case 'cancelled':
      return 'cancelled';
    case 'expired':
      return 'expired';
    case 'collected':
    case 'partly_collected':
    case 'refused':
    case 'awaiting':
    case 'ready':
      return 'already_collected';
  }
}

/**
 * Records a refusal and, when the part exists, notes it on the part so every desk of the store sees
 * why (the part's revision rises, its state stays).
 */
async function refuse(
  trx: Kysely<Database>,
  scope: DeviceScope,
  opId: string,
  pickup: PickupConfirm,
  receivedAt: string,
  reason: PickupRejectReason,
  part: PartRow | null,
  detail: string,
): Promise<OpOutcome> {
  await record(trx, scope, opId, pickup, receivedAt, 'rejected', reason, null);
  if (part) {
    const order = await trx
      .selectFrom('web_orders')
      .selectAll()
      .where('id', '=', part.order_id)
      .executeTakeFirstOrThrow();
    const connection = await findConnection(trx, order.connection_id);
    if (connection) {
      await changePart(
        trx,
        connection,
        order,
        part,
        { note: `a hand-out at another desk was refused: ${reason}` },
        receivedAt,
      );
    }
  }
  return { outcome: 'rejected', reason, detail };
}

async function record(
  trx: Kysely<Database>,
  scope: DeviceScope,
  opId: string,
  pickup: PickupConfirm,
  receivedAt: string,
  outcome: 'applied' | 'rejected',
  reason: PickupRejectReason | null,
  customerId: string | null,
): Promise<void> {
  await trx
    .insertInto('pickup_handouts')
    .values({
      pickup_id: pickup.pickupId,
      op_id: opId,
      order_id: pickup.orderId,
      store_id: scope.storeId,
      device_id: scope.deviceId,
      outcome,
      reason,
      verification: JSON.stringify(pickup.verification),
      failed_attempts: pickup.verification.failedAttempts,
      lines: JSON.stringify(pickup.lines),
      card_number: pickup.cardNumber,
      customer_id: customerId,
      cashier_id: pickup.cashierId,
      seen_revision: pickup.seenRevision,
      wall_time: pickup.wallTime,
      received_at: receivedAt,
    })
    .onConflict((oc) => oc.column('pickup_id').doNothing())
    .execute();
}
