import type { Kysely } from 'kysely';
import { normalizePhone } from '../../../shared/domain/identifiers';

type Tables = { web_orders: { id: string; customer_phone: string | null } };

/**
 * Online orders join the identity graph (docs/identity.md §2):
 *
 * - `webshop_connections.phone_country`: the country a shop's national phone numbers are read in
 *   (ISO 3166 alpha-2), so `8 912…` from a Russian shop and `020 7946…` from a British one both
 *   become E.164 keys.
 * - `web_orders.customer_phone` holds the E.164 form from now on, so an order is found by the
 *   phone the graph holds; orders stored before are rewritten with the chain's default country
 *   (a number that does not parse stays as the shop sent it).
 * - Indexes find a customer's orders by the shop account they were placed under, and an order by
 *   the number the customer sees (HQ's customer search).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('webshop_connections')
    .addColumn('phone_country', 'text', (c) => c.notNull().defaultTo('RU'))
    .execute();
  await db.schema
    .createIndex('web_orders_shop_account')
    .on('web_orders')
    .columns(['shop_customer_id', 'connection_id', 'placed_at', 'id'])
    .execute();
  await db.schema.createIndex('web_orders_number').on('web_orders').column('order_number').execute();
  const k = db as Kysely<Tables>;
  const rows = await k
    .selectFrom('web_orders')
    .select(['id', 'customer_phone'])
    .where('customer_phone', 'is not', null)
    .execute();
  for (const row of rows) {
    const e164 = row.customer_phone === null ? null : normalizePhone(row.customer_phone);
    if (e164 === null || e164 === row.customer_phone) continue;
    await k.updateTable('web_orders').set({ customer_phone: e164 }).where('id', '=', row.id).execute();
  }
}
