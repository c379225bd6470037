import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { CustomerSummaryRow } from '../../shared/sync/protocol';
import { parseJsonText } from '../../shared/validation';
import type { Database } from '../db/schema';
import { splitShopAccount } from '../../shared/identity/normalize';
import { clusterMembers, identifiersOf } from '../identity/graph';

type Online = NonNullable<CustomerSummaryRow['online']>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** A cart the shop has not reported for two weeks is abandoned, not open. */
const OPEN_CART_DAYS = 14;
/** Online orders worth a cashier's mention: the last three of the past three months. */
const RECENT_ORDER_DAYS = 90;
const RECENT_ORDERS = 3;

const cartData = z.object({
  totalMinor: z.number(),
  currency: z.string(),
  lines: z.array(z.object({ quantity: z.number() })),
});

/**
 * What the till's customer panel shows of the web shop (docs/web-sdk.md §6): the open cart the customer's
 * visitor ids last reported, and their latest online orders, found through the identity graph like
 * the timeline. Undefined when there is neither.
 */
export async function onlineActivity(
  db: Kysely<Database>,
  customerId: string,
  now = new Date(),
): Promise<Online | undefined> {
  const head = await db
    .selectFrom('customers')
    .select(['id', 'merged_into'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!head) return undefined;
  const members = await clusterMembers(db, [head.merged_into ?? head.id]);
  const identifiers = await identifiersOf(db, members);
  const visitors = identifiers.filter((i) => i.type === 'visitor').map((i) => i.value);
  const emails = identifiers.filter((i) => i.type === 'email').map((i) => i.value.toLowerCase());
  const phones = identifiers.filter((i) => i.type === 'phone').map((i) => i.value);
  const accounts = identifiers.filter((i) => i.type === 'shop_account').map((i) => splitShopAccount(i.value));

  const since = sinceCutoffs(now);
  const cart =
    visitors.length === 0
      ? undefined
      : await db
          .selectFrom('web_events')
          .select(['data', 'received_at'])
          .where('visitor_id', 'in', visitors)
          .where('kind', '=', 'cart')
          .where('received_at', '>', since.cart)
          .orderBy('received_at', 'desc')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();

  const orders = await db
    .selectFrom('web_orders')
    .select(ORDER_COLUMNS)
    .where((eb) =>
      eb.or([
        eb('customer_id', 'in', members),
        ...(visitors.length > 0 ? [eb('visitor_id', 'in', visitors)] : []),
        ...(emails.length > 0 ? [eb(sql<string>`lower(customer_email)`, 'in', emails)] : []),
        ...(phones.length > 0 ? [eb('customer_phone', 'in', phones)] : []),
        ...accounts.map((a) =>
          eb.and([eb('shop_customer_id', '=', a.accountId), eb('connection_id', '=', a.connectionId)]),
        ),
      ]),
    )
    .where('placed_at', '>', since.orders)
    .orderBy('placed_at', 'desc')
    .limit(RECENT_ORDERS)
    .execute();
  return onlineOf(cart, orders);
}

const ORDER_COLUMNS = [
  'order_number',
  'platform_status',
  'cancelled',
  'total_minor',
  'currency',
  'placed_at',
  'external_id',
] as const;

type CartRow = { data: string; received_at: string };
type OrderRow = {
  order_number: string | null;
  platform_status: string | null;
  cancelled: number;
  total_minor: number | null;
  currency: string | null;
  placed_at: string;
  external_id: string;
};

const sinceCutoffs = (now: Date) => ({
  cart: new Date(now.getTime() - OPEN_CART_DAYS * DAY_MS).toISOString(),
  orders: new Date(now.getTime() - RECENT_ORDER_DAYS * DAY_MS).toISOString(),
});

/** The panel's figures from the latest cart event and the recent orders found. */
function onlineOf(cart: CartRow | undefined, orders: readonly OrderRow[]): Online | undefined {
  let openCart: Online['openCart'];
  const data = cart ? parseJsonText(cartData, cart.data) : null;
  if (cart && data?.ok && data.value.totalMinor > 0) {
    openCart = {
      itemCount: data.value.lines.reduce((n, l) => n + l.quantity, 0),
      totalMinor: data.value.totalMinor,
      currency: data.value.currency,
      updatedAt: cart.received_at,
    };
  }
  const recentOrders = orders.map((o) => ({
    orderNumber: o.order_number ?? o.external_id,
    status: Number(o.cancelled) === 1 ? 'cancelled' : (o.platform_status ?? ''),
    totalMinor: Number(o.total_minor ?? 0),
    currency: o.currency ?? '',
    placedAt: o.placed_at,
  }));
  if (!openCart && recentOrders.length === 0) return undefined;
  return { ...(openCart ? { openCart } : {}), recentOrders };
}

/**
 * PostgreSQL: `onlineActivity` of many customers as one query, one row per customer that exists
 * (`customer_id`, `cart`, `orders` as JSON), for a statement that reads them beside other things
 * (a batch of sales reads them with its accounts, one round trip for all its customers). The
 * same cluster, identifiers, cut-offs, order and limits as `onlineActivity`; `onlineFromRow` gives
 * its answer.
 */
export function onlineActivityRows(customerIds: readonly string[], now = new Date()) {
  const since = sinceCutoffs(now);
  // Each customer's cluster and identifiers, then its cart and orders: per customer, the same
  // index lookups as `onlineActivity`'s queries, without a round trip for each. A shop account
  // is split as `splitShopAccount` does: before the first colon, and after it.
  return sql`
    select h.id as customer_id,
      (select json_build_object('data', e.data, 'received_at', e.received_at) from web_events e
        where e.visitor_id = any(i.visitors) and e.kind = 'cart' and e.received_at > ${since.cart}
        order by e.received_at desc, e.id desc limit 1) as cart,
      (select coalesce(json_agg(o order by o.placed_at desc), '[]') from (
        select ${sql.join(ORDER_COLUMNS.map((c) => sql.ref(`w.${c}`)))} from web_orders w
        where (w.customer_id = any(m.members)
            or w.visitor_id = any(i.visitors)
            or lower(w.customer_email) = any(i.emails)
            or w.customer_phone = any(i.phones)
            or exists (select 1 from unnest(i.accounts) as a(value)
                  where w.shop_customer_id = a.value->>'accountId'
                    and w.connection_id = a.value->>'connectionId'))
          and w.placed_at > ${since.orders}
        order by w.placed_at desc limit ${RECENT_ORDERS}) o) as orders
    from customers h
    cross join lateral (
      select array_agg(member) as members from (
        select coalesce(h.merged_into, h.id) as member
        union
        select id from customers where merged_into = coalesce(h.merged_into, h.id)) ms
    ) m
    cross join lateral (
      select coalesce(array_agg(d.value) filter (where d.type = 'visitor'), '{}') as visitors,
        coalesce(array_agg(lower(d.value)) filter (where d.type = 'email'), '{}') as emails,
        coalesce(array_agg(d.value) filter (where d.type = 'phone'), '{}') as phones,
        coalesce(array_agg(json_build_object(
          'connectionId', case when strpos(d.value, ':') > 0 then substr(d.value, 1, strpos(d.value, ':') - 1)
                               else left(d.value, -1) end,
          'accountId', substr(d.value, strpos(d.value, ':') + 1))) filter (where d.type = 'shop_account'),
          '{}') as accounts
      from identity_identifiers d where d.customer_id = any(m.members)
    ) i
    where h.id = any(${[...customerIds]}::text[])`;
}

/** A row of `onlineActivityRows`: what `onlineActivity` gives for its customer. */
export type OnlineRow = { cart: CartRow | null; orders: OrderRow[] | null };

export const onlineFromRow = (row: OnlineRow): Online | undefined =>
  onlineOf(row.cart ?? undefined, row.orders ?? []);

/** The profiles of a customer's cluster that hold cards: the ids tills look summaries up by. */
export async function cardHolders(db: Kysely<Database>, customerId: string): Promise<string[]> {
  const head = await db
    .selectFrom('customers')
    .select(['id', 'merged_into'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!head) return [];
  const members = await clusterMembers(db, [head.merged_into ?? head.id]);
  const rows = await db
    .selectFrom('cards')
    .select('customer_id')
    .distinct()
    .where('customer_id', 'in', members)
    .execute();
  return rows.map((r) => r.customer_id);
}
