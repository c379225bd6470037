import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { backoffDelay, type BackoffOptions } from '../../shared/domain/backoff';
import type { PickupOrderRow } from '../../shared/domain/pickup';
import { uuidv7 } from '../../shared/domain/uuidv7';
import type { Db } from '../db/connect';
import type { Database, Row } from '../db/schema';
import { logger } from '../log';
import { genericSignature } from '../ingest/signatures';
import { findConnection, type Connection } from './connections';

/**
 * Status webhooks to the shop (docs/webshop-ingestion.md §6). A change of a pickup part's state
 * writes an event to `outbound_events` in the change's own transaction; a sender delivers it
 * afterwards, signed like our inbound generic format, retrying with backoff until the shop
 * answers 2xx. At least once: the shop deduplicates by `X-OmniTill-Event-Id`. Delivery never runs
 * inside an ingestion or push transaction, so a slow shop slows nothing else.
 */

export type OutboundPayload = {
  schema: 'omnitill.pickup-event.v1';
  eventId: string;
  type: string;
  occurredAt: string;
  connectionId: string;
  order: { id: string; externalId: string; orderNumber: string };
  store: { id: string; code: string; name: string };
  status: PickupOrderRow['status'];
  lines: { lineId: string; quantity: number; collectedQuantity: number }[];
  holdUntil: string | null;
  /** Only in `pickup.ready`, for the shop to tell the customer; removed once delivered. */
  pickupCode: string | null;
  /** The order QR's text (`OMNI-O:<orderNumber>:<token>`), for the shop to show as a QR code. */
  qr: string | null;
};

export async function enqueueStatusEvent(
  trx: Kysely<Database>,
  connection: Connection,
  order: Row<'web_orders'>,
  part: Row<'pickup_parts'>,
  row: PickupOrderRow,
  pickupCode: string | null,
  now: string,
): Promise<void> {
  if (!connection.outboundUrl) return;
  const store = await trx
    .selectFrom('stores')
    .select(['id', 'code', 'name'])
    .where('id', '=', part.store_id)
    .executeTakeFirstOrThrow();
  const eventId = uuidv7();
  const type = `pickup.${part.status}`;
  const payload: OutboundPayload = {
    schema: 'omnitill.pickup-event.v1',
    eventId,
    type,
    occurredAt: now,
    connectionId: connection.id,
    order: { id: order.id, externalId: order.external_id, orderNumber: row.orderNumber },
    store,
    status: part.status,
    lines: row.lines.map((l) => ({
      lineId: l.lineId,
      quantity: l.quantity,
      collectedQuantity: l.collectedQuantity,
    })),
    holdUntil: part.hold_until,
    pickupCode,
    qr: part.qr_token ? `OMNI-O:${row.orderNumber}:${part.qr_token}` : null,
  };
  await trx
    .insertInto('outbound_events')
    .values({
      id: eventId,
      connection_id: connection.id,
      order_id: order.id,
      type,
      payload: JSON.stringify(payload),
      status: 'pending',
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      delivered_at: null,
    })
    .execute();
}

export type SenderOptions = {
  /** Waits between attempts: full jitter from 5 s, at most an hour. */
  backoff?: BackoffOptions;
  /** How long a claim holds an event while its POST is in flight. */
  leaseMs?: number;
  timeoutMs?: number;
  limit?: number;
  now?: () => Date;
};

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5000, capMs: 60 * 60 * 1000 };

/**
 * Delivers the events that are due, one POST each; returns how many were delivered. Several
 * processes may run it at once: an event is claimed by moving its `next_attempt_at` past the
 * lease with a conditional update, so only one process posts it at a time (a process that dies
 * mid-POST leaves it to be tried again once the lease ends: at least once, never lost).
 */
export async function deliverDueEvents(db: Db, options: SenderOptions = {}): Promise<number> {
  const now = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? 60_000;
  const due = await db.kysely
    .selectFrom('outbound_events')
    .select(['id', 'next_attempt_at'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now().toISOString())
    .orderBy('next_attempt_at')
    .limit(options.limit ?? 50)
    .execute();
  let delivered = 0;
  for (const candidate of due) {
    const claimed = await db.kysely
      .updateTable('outbound_events')
      .set({ next_attempt_at: new Date(now().getTime() + leaseMs).toISOString() })
      .where('id', '=', candidate.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', candidate.next_attempt_at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    if (await deliverOne(db, candidate.id, options, now)) delivered++;
  }
  return delivered;
}

async function deliverOne(db: Db, id: string, options: SenderOptions, now: () => Date): Promise<boolean> {
  const event = await db.kysely
    .selectFrom('outbound_events')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const connection = await findConnection(db.kysely, event.connection_id);
  let error: string | null = null;
  if (!connection?.outboundUrl) {
    error = 'the connection has no outbound URL';
  } else {
    error = await post(connection, event, options.timeoutMs ?? 10_000, now);
  }
  if (error === null) {
    await db.kysely
      .updateTable('outbound_events')
      .set({
        status: 'delivered',
        delivered_at: now().toISOString(),
        attempts: sql<number>`attempts + 1`,
        last_error: null,
        // The code was for the shop to send on; once it has it, it is not kept in clear here.
        payload: withoutCode(event.payload),
      })
      .where('id', '=', id)
      .execute();
    return true;
  }
  const attempts = Number(event.attempts) + 1;
  const wait = backoffDelay(attempts - 1, { ...DEFAULT_BACKOFF, ...options.backoff });
  await db.kysely
    .updateTable('outbound_events')
    .set({
      attempts,
      last_error: error.slice(0, 500),
      next_attempt_at: new Date(now().getTime() + wait).toISOString(),
    })
    .where('id', '=', id)
    .execute();
  logger.warn(
    { eventId: id, connection: event.connection_id, attempts, error },
    'outbound webhook not delivered',
  );
  return false;
}

async function post(
  connection: Connection,
  event: Row<'outbound_events'>,
  timeoutMs: number,
  now: () => Date,
): Promise<string | null> {
  const body = Buffer.from(event.payload, 'utf8');
  const timestamp = String(Math.floor(now().getTime() / 1000));
  try {
    const response = await fetch(connection.outboundUrl ?? '', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'OmniTill-Webhooks/1',
        'X-OmniTill-Event-Id': event.id,
        'X-OmniTill-Event-Type': event.type,
        'X-OmniTill-Timestamp': timestamp,
        'X-OmniTill-Signature': genericSignature(connection.outboundSecret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.status >= 200 && response.status < 300 ? null : `HTTP ${response.status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function withoutCode(payload: string): string {
  const parsed = JSON.parse(payload) as Record<string, unknown>;
  return parsed.pickupCode === null || parsed.pickupCode === undefined
    ? payload
    : JSON.stringify({ ...parsed, pickupCode: null });
}

export type OutboundStatus = {
  id: string;
  connectionId: string;
  orderId: string;
  type: string;
  status: 'pending' | 'delivered';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  createdAt: string;
  deliveredAt: string | null;
};

/** Recent events, undelivered first, for HQ. */
export async function recentOutboundEvents(
  db: Db,
  connectionId: string | null,
  limit: number,
): Promise<OutboundStatus[]> {
  const rows = await db.kysely
    .selectFrom('outbound_events')
    .select([
      'id',
      'connection_id',
      'order_id',
      'type',
      'status',
      'attempts',
      'last_error',
      'next_attempt_at',
      'created_at',
      'delivered_at',
    ])
    .$if(connectionId !== null, (q) => q.where('connection_id', '=', connectionId ?? ''))
    .orderBy('status', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    connectionId: r.connection_id,
    orderId: r.order_id,
    type: r.type,
    status: r.status,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  }));
}
