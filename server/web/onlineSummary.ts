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

  let openCart: Online['openCart'];
  if (visitors.length > 0) {
    const cart = await db
      .selectFrom('web_events')
      .select(['data', 'received_at'])
      .where('visitor_id', 'in', visitors)
      .where('kind', '=', 'cart')
      .where('received_at', '>', new Date(now.getTime() - OPEN_CART_DAYS * DAY_MS).toISOString())
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const data = cart ? parseJsonText(cartData, cart.data) : null;
    if (cart && data?.ok && data.value.totalMinor > 0) {
      openCart = {
        itemCount: data.value.lines.reduce((n, l) => n + l.quantity, 0),
        totalMinor: data.value.totalMinor,
        currency: data.value.currency,
        updatedAt: cart.received_at,
      };
    }
  }

  const orders = await db
    .selectFrom('web_orders')
    .select([
      'order_number',
      'platform_status',
      'cancelled',
      'total_minor',
      'currency',
      'placed_at',
      'external_id',
    ])
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
    .where('placed_at', '>', new Date(now.getTime() - RECENT_ORDER_DAYS * DAY_MS).toISOString())
    .orderBy('placed_at', 'desc')
    .limit(RECENT_ORDERS)
    .execute();
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
