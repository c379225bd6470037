import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { resolveIdentifier } from './resolve';
import type { IdentifierType } from './types';

/**
 * The surviving customers of the web-shop orders numbered `query` (the number the customer sees,
 * `#1001` or `1001`, or the shop's own order id), each found through the identifiers the order
 * arrived with, strongest first: the customer a pickup desk tied it to by card, the shop account,
 * then the email, the phone and the visitor id. An order of nobody the graph knows finds nobody.
 */
export async function customersOfOrder(db: Kysely<Database>, query: string): Promise<string[]> {
  const number = query.trim();
  if (number.length === 0 || number.length > 64) return [];
  const spellings = [...new Set([number, number.replace(/^#/, ''), `#${number.replace(/^#/, '')}`])];
  const orders = await db
    .selectFrom('web_orders')
    .select([
      'connection_id',
      'customer_id',
      'shop_customer_id',
      'customer_email',
      'customer_phone',
      'visitor_id',
    ])
    .where((eb) => eb.or([eb('order_number', 'in', spellings), eb('external_id', 'in', spellings)]))
    .limit(10)
    .execute();
  const found: string[] = [];
  for (const order of orders) {
    const id = await orderSurvivor(db, order);
    if (id !== null && !found.includes(id)) found.push(id);
  }
  return found;
}

/**
 * The surviving customer of one order: the profile a desk tied it to by card, else the first of
 * its shop account, email, phone and visitor id the graph knows; null when it knows none.
 */
export async function orderSurvivor(
  db: Kysely<Database>,
  order: {
    connection_id: string;
    customer_id: string | null;
    shop_customer_id: string | null;
    customer_email: string | null;
    customer_phone: string | null;
    visitor_id: string | null;
  },
): Promise<string | null> {
  if (order.customer_id !== null) {
    const head = await db
      .selectFrom('customers')
      .select(['id', 'merged_into', 'erased_at'])
      .where('id', '=', order.customer_id)
      .executeTakeFirst();
    if (head && head.erased_at === null) return head.merged_into ?? head.id;
  }
  const keys: [IdentifierType, string | null][] = [
    [
      'shop_account',
      order.shop_customer_id === null ? null : `${order.connection_id}:${order.shop_customer_id}`,
    ],
    ['email', order.customer_email],
    ['phone', order.customer_phone],
    ['visitor', order.visitor_id],
  ];
  for (const [type, value] of keys) {
    if (value === null) continue;
    const id = await resolveIdentifier(db, { type, value });
    if (id !== null) return id;
  }
  return null;
}
