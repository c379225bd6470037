import type { Kysely } from 'kysely';
import { z } from 'zod';
import { maskName, normalizePhone } from '../../shared/domain/identifiers';
import { pinHashSchema } from '../../shared/domain/pinHash';
import { pickupLineRowSchema, type PickupLineRow, type PickupOrderRow } from '../../shared/domain/pickup';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { phoneLookupKey } from '../../shared/sync/protocol';
import { parseJsonText } from '../../shared/validation';
import type { Database, Row } from '../db/schema';
import { appendChanges } from '../sync/changeLog';
import { enqueueStatusEvent } from '../webshop/outbound';
import type { Connection } from '../webshop/connections';

/**
 * A store's part of a web-shop order and the `pickup_order` row its desks pull
 * (docs/sync-protocol.md §13). Every change raises the part's revision and is written to the change
 * log in the same transaction, for that store only; a change of state also queues the shop's
 * status webhook.
 */

export type PartRow = Row<'pickup_parts'>;
export type OrderRow = Row<'web_orders'>;

export function partLines(part: Pick<PartRow, 'lines'>): PickupLineRow[] {
  const parsed = parseJsonText(z.array(pickupLineRowSchema), part.lines);
  if (!parsed.ok) throw new Error(`stored pickup lines are unreadable: ${parsed.error}`);
  return parsed.value;
}

/** The part as its store's desks see it. */
export async function pickupOrderRow(
  trx: Kysely<Database>,
  order: OrderRow,
  part: PartRow,
): Promise<PickupOrderRow> {
  const phone = order.customer_phone ? normalizePhone(order.customer_phone) : null;
  const codeHash = part.pickup_code_hash ? parseJsonText(pinHashSchema, part.pickup_code_hash) : null;
  return {
    id: order.id,
    orderNumber: order.order_number ?? order.external_id,
    storeId: part.store_id,
    status: part.status,
    revision: Number(part.revision),
    currency: order.currency ?? 'RUB',
    totalMinor: Number(part.total_minor),
    payment: order.paid ? 'paid' : 'pay_at_pickup',
    customer: {
      maskedName: maskName(order.customer_name ?? ''),
      ...(phone ? { phoneKey: phoneLookupKey(phone), phoneTail: phone.slice(-4) } : {}),
      cardNumbers: await knownCards(trx, order, phone),
    },
    pickupCodeHash: codeHash?.ok ? codeHash.value : null,
    qrToken: part.qr_token,
    lines: partLines(part),
    placedAt: order.placed_at,
    readyAt: part.ready_at,
    holdUntil: part.hold_until,
    ...(part.note ? { note: part.note } : {}),
  };
}

/**
 * Cards a desk may find the order by: the card scanned when it was handed out, else the cards of
 * a customer holding the order's exact phone or email. A claim from the shop, good for finding
 * an order, never for merging customers (the identity graph decides that, with evidence).
 */
async function knownCards(trx: Kysely<Database>, order: OrderRow, phone: string | null): Promise<string[]> {
  const email = order.customer_email?.trim().toLowerCase() || null;
  if (!order.customer_id && !phone && !email) return [];
  const rows = await trx
    .selectFrom('cards')
    .innerJoin('customers', 'customers.id', 'cards.customer_id')
    .select('cards.number')
    .where('cards.status', '=', 'active')
    .where((eb) =>
      order.customer_id
        ? eb('customers.id', '=', order.customer_id)
        : eb.or([
            ...(phone ? [eb('customers.phone', '=', phone)] : []),
            ...(email ? [eb('customers.email', '=', email)] : []),
          ]),
    )
    .orderBy('cards.number')
    .limit(20)
    .execute();
  return rows.map((r) => r.number);
}

export type PartChange = {
  /** The state before the change; null for a new part. */
  previousStatus: PartRow['status'] | null;
  /** The plain pickup code, only in the transaction that drew it, for the `pickup.ready` webhook. */
  pickupCode?: string;
};

/**
 * Sends the part's new row to its store and, when its state changed, records the change in the
 * part's history and queues the shop's webhook.
 */
export async function publishPart(
  trx: Kysely<Database>,
  connection: Connection,
  order: OrderRow,
  part: PartRow,
  change: PartChange,
  now: string,
): Promise<void> {
  const row = await pickupOrderRow(trx, order, part);
  await appendChanges(
    trx,
    [{ topic: 'pickup_order', entityId: order.id, storeId: part.store_id, data: row }],
    now,
  );
  if (change.previousStatus === part.status) return;
  await trx
    .insertInto('pickup_part_history')
    .values({
      id: uuidv7(),
      order_id: part.order_id,
      store_id: part.store_id,
      revision: Number(part.revision),
      from_status: change.previousStatus,
      to_status: part.status,
      at: now,
    })
    .execute();
  if (part.status !== 'awaiting') {
    await enqueueStatusEvent(trx, connection, order, part, row, change.pickupCode ?? null, now);
  }
}
