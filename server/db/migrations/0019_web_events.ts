import { sql, type Kysely } from 'kysely';

/**
 * The web bridge (docs/web-sdk.md): what the shop's pages report through `/sdk.js`, the rate
 * limits of its endpoints, and who redeemed a receipt's link code.
 *
 * - `web_events`: one row per identify, page, cart or link event, append-only. Each keeps the
 *   visitor id it arrived with (and, for an identify, the identifiers it named), so the customer it
 *   belongs to is derived through the identity graph at read time and follows merges and unmerges.
 *   `customer_id` is only the customer the graph named when the event arrived.
 * - `web_rate_windows`: requests per bucket (a visitor, an address) in fixed one-minute windows;
 *   rows, not process memory, so several server processes count together.
 * - `link_codes`: who redeemed a code (visitor, connection, customer) and when it stops being
 *   redeemable; codes registered before keep a null `expires_at` and expire by their `issued_at`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('web_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('web_events_visitor')
    .on('web_events')
    .columns(['visitor_id', 'received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('web_events_customer')
    .on('web_events')
    .columns(['customer_id', 'received_at', 'id'])
    .execute();
  await db.schema
    .createTable('web_rate_windows')
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('web_rate_windows_pk', ['bucket', 'window_start'])
    .execute();
  await db.schema
    .createIndex('web_rate_windows_start')
    .on('web_rate_windows')
    .column('window_start')
    .execute();
  await db.schema.alterTable('link_codes').addColumn('expires_at', 'text').execute();
  await db.schema.alterTable('link_codes').addColumn('redeemed_visitor_id', 'text').execute();
  await db.schema.alterTable('link_codes').addColumn('redeemed_connection_id', 'text').execute();
  await db.schema.alterTable('link_codes').addColumn('redeemed_customer_id', 'text').execute();
  await db.schema
    .createIndex('web_orders_email')
    .on('web_orders')
    .expression(sql`lower(customer_email)`)
    .execute();
  for (const column of ['customer_phone', 'visitor_id', 'customer_id'] as const) {
    await db.schema
      .createIndex(`web_orders_${column}`)
      .on('web_orders')
      .columns([column, 'placed_at', 'id'])
      .execute();
  }
  await db.schema.createIndex('pickup_handouts_order').on('pickup_handouts').column('order_id').execute();
  await db.schema
    .createIndex('pickup_handouts_customer')
    .on('pickup_handouts')
    .columns(['customer_id', 'received_at'])
    .execute();
  await db.schema
    .createIndex('pickup_handouts_card')
    .on('pickup_handouts')
    .columns(['card_number', 'received_at'])
    .execute();
}
