import { sql } from 'kysely';
import type { Db } from '../db/connect';
import type { ClusterKeys, TimelineEvent, TimelineSource } from './customerTimeline';
import { olderThan } from './timelineQuery';

type OrderKey = 'email' | 'phone' | 'visitor' | 'customer';

/**
 * A customer's online orders, found by the identifiers each order arrived with (the checkout's
 * email in any case, its phone, the visitor id the shop passed on) or by the customer a pickup
 * desk tied it to, and their pickups at the stores. Ordered by the time the shop says it was
 * placed (the server's receive time when the shop did not say).
 */
export function orderSources(db: Db, keys: ClusterKeys, stores: string[] | null): TimelineSource[] {
  const lowerEmails = [...new Set(keys.emails.map((e) => e.toLowerCase()))];
  const byKey: [OrderKey, string[]][] = [
    ['email', lowerEmails],
    ['phone', keys.phones],
    ['visitor', keys.visitorIds],
    ['customer', keys.customerIds],
  ];
  const sources: TimelineSource[] = byKey
    .filter(([, values]) => values.length > 0)
    .map(([key, values]) => ordersBy(db, key, values));
  const storeSources = stores === null || stores.length > 0;
  if (storeSources && keys.customerIds.length > 0)
    sources.push(pickupsBy(db, 'customer_id', keys.customerIds, stores));
  if (storeSources && keys.cards.length > 0) sources.push(pickupsBy(db, 'card_number', keys.cards, stores));
  return sources;
}

function ordersBy(db: Db, key: OrderKey, values: string[]): TimelineSource {
  return async (after, take) => {
    let query = db.kysely
      .selectFrom('web_orders')
      .select([
        'id',
        'connection_id',
        'order_number',
        'placed_at',
        'currency',
        'total_minor',
        'customer_email',
        'customer_phone',
        'visitor_id',
        'card_number',
      ]);
    switch (key) {
      case 'email':
        query = query.where(sql<string>`lower(customer_email)`, 'in', values);
        break;
      case 'phone':
        query = query.where('customer_phone', 'in', values);
        break;
      case 'visitor':
        query = query.where('visitor_id', 'in', values);
        break;
      case 'customer':
        query = query.where('customer_id', 'in', values);
        break;
    }
    const rows = await olderThan(query, 'placed_at', 'id', after)
      .orderBy('placed_at', 'desc')
      .orderBy('id', 'desc')
      .limit(take)
      .execute();
    return rows.map((r): TimelineEvent => ({
      id: r.id,
      kind: 'online_order',
      channel: 'web',
      at: r.placed_at,
      store: null,
      storeId: null,
      connectionId: r.connection_id,
      amountMinor: r.total_minor === null ? null : Number(r.total_minor),
      currency: r.currency,
      identifier: arrivedWith(key, r),
      detail: r.order_number,
    }));
  };
}

function arrivedWith(
  key: OrderKey,
  r: {
    customer_email: string | null;
    customer_phone: string | null;
    visitor_id: string | null;
    card_number: string | null;
  },
): TimelineEvent['identifier'] {
  switch (key) {
    case 'email':
      return r.customer_email ? { type: 'email', value: r.customer_email } : null;
    case 'phone':
      return r.customer_phone ? { type: 'phone', value: r.customer_phone } : null;
    case 'visitor':
      return r.visitor_id ? { type: 'visitor', value: r.visitor_id } : null;
    case 'customer':
      return r.card_number ? { type: 'card', value: r.card_number } : null;
  }
}

function pickupsBy(
  db: Db,
  column: 'customer_id' | 'card_number',
  values: string[],
  stores: string[] | null,
): TimelineSource {
  return async (after, take) => {
    const rows = await olderThan(
      db.kysely
        .selectFrom('pickup_handouts as h')
        .innerJoin('web_orders as o', 'o.id', 'h.order_id')
        .innerJoin('stores as s', 's.id', 'h.store_id')
        .leftJoin('pickup_parts as p', (join) =>
          join.onRef('p.order_id', '=', 'h.order_id').onRef('p.store_id', '=', 'h.store_id'),
        )
        .select([
          'h.pickup_id',
          'h.store_id',
          'h.received_at',
          'h.card_number',
          'o.order_number',
          'o.currency',
          'o.connection_id',
          'p.total_minor',
          's.name as store_name',
          's.code as store_code',
        ])
        .where('h.outcome', '=', 'applied')
        .where(`h.${column}`, 'in', values)
        .$if(stores !== null, (q) => q.where('h.store_id', 'in', stores ?? [])),
      'h.received_at',
      'h.pickup_id',
      after,
    )
      .orderBy('h.received_at', 'desc')
      .orderBy('h.pickup_id', 'desc')
      .limit(take)
      .execute();
    return rows.map((r): TimelineEvent => ({
      id: r.pickup_id,
      kind: 'pickup',
      channel: 'pickup',
      at: r.received_at,
      store: { name: r.store_name, code: r.store_code },
      storeId: r.store_id,
      connectionId: r.connection_id,
      amountMinor: r.total_minor === null ? null : Number(r.total_minor),
      currency: r.currency,
      identifier: r.card_number ? { type: 'card', value: r.card_number } : null,
      detail: r.order_number,
    }));
  };
}
