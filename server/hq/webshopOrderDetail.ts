import { z } from 'zod';
import { maskEmail, maskName, maskPhone } from '../../shared/domain/identifiers';
import type { PickupLineRow, PickupStatus } from '../../shared/domain/pickup';
import { parseJsonText } from '../../shared/validation';
import type { StoreScope } from '../auth/roles';
import type { Db } from '../db/connect';
import { partLines } from '../pickup/parts';
import type { OutboundStatus } from '../webshop/outbound';

/**
 * One online order at HQ (docs/operations.md §16): its store parts with their lines, each part's
 * state history, every hand-out a desk sent (applied or refused, by which desk and cashier), and
 * the shop's status webhooks with their delivery state. A store manager sees the order only when
 * one of its parts is at their stores, and only those parts, hand-outs and webhooks.
 */

export type OrderDetail = {
  orderId: string;
  orderNumber: string;
  connectionId: string;
  platformStatus: string | null;
  cancelled: boolean;
  paid: boolean;
  currency: string;
  totalMinor: number | null;
  customer: { maskedName: string; maskedPhone: string | null; maskedEmail: string | null };
  placedAt: string;
  reviewReason: string | null;
  parts: {
    storeId: string;
    storeName: string;
    status: PickupStatus;
    revision: number;
    totalMinor: number;
    lines: PickupLineRow[];
    readyAt: string | null;
    holdUntil: string | null;
    settledAt: string | null;
    shelvedAt: string | null;
    note: string | null;
  }[];
  history: { storeId: string; fromStatus: PickupStatus | null; toStatus: PickupStatus; at: string }[];
  handouts: {
    pickupId: string;
    storeId: string;
    deviceName: string;
    cashierName: string | null;
    outcome: 'applied' | 'rejected';
    reason: string | null;
    verification: string;
    handedQuantity: number;
    refusedQuantity: number;
    receivedAt: string;
  }[];
  outbound: Omit<OutboundStatus, 'connectionId' | 'orderId'>[];
};

const handoutLines = z.array(
  z.object({ handedQuantity: z.number().int(), refusedQuantity: z.number().int() }).passthrough(),
);
const verificationMethod = z.object({ method: z.string() }).passthrough();

export async function orderDetail(db: Db, scope: StoreScope, orderId: string): Promise<OrderDetail | null> {
  const order = await db.kysely
    .selectFrom('web_orders')
    .selectAll()
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order) return null;
  const stores = scope.kind === 'stores' ? scope.storeIds : null;
  const visible = <T extends { store_id: string }>(rows: T[]) =>
    stores === null ? rows : rows.filter((r) => stores.includes(r.store_id));
  const parts = visible(
    await db.kysely
      .selectFrom('pickup_parts as p')
      .innerJoin('stores as s', 's.id', 'p.store_id')
      .selectAll('p')
      .select('s.name as store_name')
      .where('p.order_id', '=', orderId)
      .orderBy('s.name')
      .execute(),
  );
  // An order without a part at the manager's stores is not theirs to see, nor to know of.
  if (stores !== null && parts.length === 0) return null;
  const history = visible(
    await db.kysely
      .selectFrom('pickup_part_history')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('at')
      .orderBy('revision')
      .execute(),
  );
  const handouts = visible(
    await db.kysely
      .selectFrom('pickup_handouts as h')
      .leftJoin('devices as d', 'd.id', 'h.device_id')
      .leftJoin('cashiers as c', 'c.id', 'h.cashier_id')
      .selectAll('h')
      .select(['d.name as device_name', 'c.name as cashier_name'])
      .where('h.order_id', '=', orderId)
      .orderBy('h.received_at')
      .orderBy('h.pickup_id')
      .execute(),
  );
  const outbound = await db.kysely
    .selectFrom('outbound_events')
    .select([
      'id',
      'type',
      'status',
      'attempts',
      'last_error',
      'next_attempt_at',
      'created_at',
      'delivered_at',
      'payload',
    ])
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  const storeOf = (payload: string) => {
    const parsed = parseJsonText(z.object({ store: z.object({ id: z.string() }) }).passthrough(), payload);
    return parsed.ok ? parsed.value.store.id : '';
  };
  return {
    orderId: order.id,
    orderNumber: order.order_number ?? order.external_id,
    connectionId: order.connection_id,
    platformStatus: order.platform_status,
    cancelled: Number(order.cancelled) === 1,
    paid: Number(order.paid) === 1,
    currency: order.currency ?? '',
    totalMinor: order.total_minor === null ? null : Number(order.total_minor),
    customer: {
      maskedName: maskName(order.customer_name ?? ''),
      maskedPhone: order.customer_phone ? maskPhone(order.customer_phone) : null,
      maskedEmail: order.customer_email ? maskEmail(order.customer_email) : null,
    },
    placedAt: order.placed_at,
    reviewReason: stores === null ? order.review_reason : null,
    parts: parts.map((p) => ({
      storeId: p.store_id,
      storeName: p.store_name,
      status: p.status,
      revision: Number(p.revision),
      totalMinor: Number(p.total_minor),
      lines: partLines(p),
      readyAt: p.ready_at,
      holdUntil: p.hold_until,
      settledAt: p.settled_at,
      shelvedAt: p.shelved_at,
      note: p.note,
    })),
    history: history.map((h) => ({
      storeId: h.store_id,
      fromStatus: h.from_status,
      toStatus: h.to_status,
      at: h.at,
    })),
    handouts: handouts.map((h) => {
      const lines = parseJsonText(handoutLines, h.lines);
      const method = parseJsonText(verificationMethod, h.verification);
      const sum = (key: 'handedQuantity' | 'refusedQuantity') =>
        lines.ok ? lines.value.reduce((n, l) => n + l[key], 0) : 0;
      return {
        pickupId: h.pickup_id,
        storeId: h.store_id,
        deviceName: h.device_name ?? h.device_id,
        cashierName: h.cashier_name,
        outcome: h.outcome,
        reason: h.reason,
        verification: method.ok ? method.value.method : '',
        handedQuantity: sum('handedQuantity'),
        refusedQuantity: sum('refusedQuantity'),
        receivedAt: h.received_at,
      };
    }),
    outbound: outbound
      .filter((e) => stores === null || stores.includes(storeOf(e.payload)))
      .map((e) => ({
        id: e.id,
        type: e.type,
        status: e.status,
        attempts: Number(e.attempts),
        lastError: e.last_error,
        nextAttemptAt: e.next_attempt_at,
        createdAt: e.created_at,
        deliveredAt: e.delivered_at,
      })),
  };
}
