import { sql, type ExpressionBuilder } from 'kysely';
import { splitShopAccount } from '../../shared/identity/normalize';
import type { Db } from '../db/connect';
import type { Database } from '../db/schema';
import type { ClusterKeys } from './customerTimeline';
import { column, noText, text, type TimelineBranch, type TimelineColumns } from './timelineQuery';

type Orders = ExpressionBuilder<Database, 'web_orders'>;

/**
 * A customer's online orders, found by the identifiers each order arrived with (the checkout's
 * email in any case, its phone in E.164, the visitor id the shop passed on, the shop account it
 * was placed under) or by the customer a pickup desk tied it to, and their pickups at the stores.
 * Ordered by the time the shop says it was placed (the server's receive time when the shop did
 * not say). Each key is a branch; a branch leaves out the orders an earlier one finds, so an order
 * shows once, with the identifier of the first key that found it.
 */
export function orderBranches(db: Db, keys: ClusterKeys, stores: string[] | null): TimelineBranch[] {
  const emails = [...new Set(keys.emails.map((e) => e.toLowerCase()))];
  const accounts = keys.shopAccounts.map(splitShopAccount);
  const matchers: { match: (eb: Orders) => ReturnType<Orders['and']>; type: string; value: string }[] = [];
  if (emails.length > 0)
    matchers.push({
      match: (eb) => eb.and([eb(sql<string>`lower(customer_email)`, 'in', emails)]),
      type: 'email',
      value: 'customer_email',
    });
  if (keys.phones.length > 0)
    matchers.push({
      match: (eb) => eb.and([eb('customer_phone', 'in', keys.phones)]),
      type: 'phone',
      value: 'customer_phone',
    });
  if (keys.visitorIds.length > 0)
    matchers.push({
      match: (eb) => eb.and([eb('visitor_id', 'in', keys.visitorIds)]),
      type: 'visitor',
      value: 'visitor_id',
    });
  if (accounts.length > 0)
    matchers.push({
      match: (eb) =>
        eb.or(
          accounts.map((a) =>
            eb.and([eb('shop_customer_id', '=', a.accountId), eb('connection_id', '=', a.connectionId)]),
          ),
        ),
      type: 'shop_account',
      value: 'shop_customer_id',
    });
  if (keys.customerIds.length > 0)
    matchers.push({
      match: (eb) => eb.and([eb('customer_id', 'in', keys.customerIds)]),
      type: 'card',
      value: 'card_number',
    });

  const branches = matchers.map((m, i): TimelineBranch => ({
    query: db.kysely.selectFrom('web_orders').where((eb) =>
      eb.and([
        m.match(eb),
        // What an earlier key found is left out; a null comparison counts as not found.
        ...matchers
          .slice(0, i)
          .map((earlier) => eb.not(eb.fn.coalesce(earlier.match(eb), sql<boolean>`false`))),
      ]),
    ),
    time: 'placed_at',
    id: 'id',
    columns: {
      id: column('id'),
      kind: text('online_order'),
      channel: text('web'),
      at: column('placed_at'),
      store_id: noText,
      store_name: noText,
      store_code: noText,
      connection_id: column('connection_id'),
      amount_minor: sql`cast(total_minor as bigint)`,
      currency: column('currency'),
      id_type: sql`case when ${sql.ref(m.value)} is null then null else ${m.type} end`,
      id_value: m.type === 'shop_account' ? sql`connection_id || ':' || shop_customer_id` : column(m.value),
      detail: column('order_number'),
      data: noText,
    },
  }));
  if (stores === null || stores.length > 0) {
    if (keys.customerIds.length > 0) branches.push(pickups(db, 'customer_id', keys.customerIds, stores, []));
    if (keys.cards.length > 0)
      branches.push(pickups(db, 'card_number', keys.cards, stores, keys.customerIds));
  }
  return branches;
}

/** Hand-outs at the stores by the customer or the card scanned at the desk. */
function pickups(
  db: Db,
  key: 'customer_id' | 'card_number',
  values: string[],
  stores: string[] | null,
  foundByCustomer: string[],
): TimelineBranch {
  const columns: TimelineColumns = {
    id: column('h.pickup_id'),
    kind: text('pickup'),
    channel: text('pickup'),
    at: column('h.received_at'),
    store_id: column('h.store_id'),
    store_name: column('s.name'),
    store_code: column('s.code'),
    connection_id: column('o.connection_id'),
    amount_minor: sql`cast(p.total_minor as bigint)`,
    currency: column('o.currency'),
    id_type: sql`case when h.card_number is null then null else 'card' end`,
    id_value: column('h.card_number'),
    detail: column('o.order_number'),
    data: noText,
  };
  const query = db.kysely
    .selectFrom('pickup_handouts as h')
    .innerJoin('web_orders as o', 'o.id', 'h.order_id')
    .innerJoin('stores as s', 's.id', 'h.store_id')
    .leftJoin('pickup_parts as p', (join) =>
      join.onRef('p.order_id', '=', 'h.order_id').onRef('p.store_id', '=', 'h.store_id'),
    )
    .where('h.outcome', '=', 'applied')
    .where(`h.${key}`, 'in', values)
    .$if(foundByCustomer.length > 0, (q) =>
      q.where((eb) =>
        eb.or([eb('h.customer_id', 'is', null), eb('h.customer_id', 'not in', foundByCustomer)]),
      ),
    )
    .$if(stores !== null, (q) => q.where('h.store_id', 'in', stores ?? []));
  return {
    query: query as unknown as TimelineBranch['query'],
    time: 'h.received_at',
    id: 'h.pickup_id',
    columns,
  };
}
