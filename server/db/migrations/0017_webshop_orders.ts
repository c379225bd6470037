import type { Kysely } from 'kysely';

/**
 * Web-shop orders and click-and-collect (docs/webshop-ingestion.md, docs/sync-protocol.md §13).
 *
 * - `webshop_connections`: one shop (generic, Shopify, WooCommerce) with the secrets its webhooks
 *   are signed with (two while one is being rotated), the origins its pages call from, where our
 *   own status webhooks go and their signing secret, the hold period, and how its pickup locations
 *   map to our stores (JSON).
 * - `ingest_inbox`: every signed delivery as it arrived, before it is understood. The unique
 *   `(connection_id, dedupe_key)` makes a repeated delivery a no-op; a worker maps and applies each.
 * - `web_orders`: one row per shop order, with the platform's own `source_updated_at` that guards
 *   against an older update overwriting a newer one, and the latest mapped order as JSON.
 * - `pickup_parts`: a store's part of an order (the `pickup_order` a desk pulls): its lines, state
 *   and revision, the pickup code as a scrypt hash only, and the order QR token.
 * - `pickup_handouts`: every `pickup.confirm` a desk sent, applied or refused, with its evidence.
 * - `outbound_events`: the shop's status webhooks waiting to be delivered, at least once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webshop_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('secret_rotated_at', 'text')
    .addColumn('allowed_origins', 'text', (c) => c.notNull())
    .addColumn('outbound_url', 'text')
    .addColumn('outbound_secret', 'text', (c) => c.notNull())
    .addColumn('hold_days', 'integer', (c) => c.notNull())
    .addColumn('locations', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ingest_inbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('webshop_connections.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text')
    .addColumn('triggered_at', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('order_id', 'text')
    .addColumn('error', 'text')
    .addColumn('processed_at', 'text')
    .addUniqueConstraint('ingest_inbox_dedupe', ['connection_id', 'dedupe_key'])
    .execute();
  await db.schema.createIndex('ingest_inbox_status').on('ingest_inbox').columns(['status', 'id']).execute();

  await db.schema
    .createTable('web_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('webshop_connections.id'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('order_number', 'text')
    .addColumn('platform_status', 'text')
    .addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_updated_at', 'text')
    .addColumn('currency', 'text')
    .addColumn('total_minor', 'integer')
    .addColumn('paid', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('customer_email', 'text')
    .addColumn('customer_phone', 'text')
    .addColumn('customer_name', 'text')
    .addColumn('shop_customer_id', 'text')
    .addColumn('visitor_id', 'text')
    .addColumn('attribution', 'text')
    .addColumn('event', 'text')
    .addColumn('fulfillment_orders', 'text', (c) => c.notNull())
    .addColumn('review_reason', 'text')
    .addColumn('card_number', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('web_orders_external', ['connection_id', 'external_id'])
    .execute();
  await db.schema.createIndex('web_orders_review').on('web_orders').column('review_reason').execute();

  await db.schema
    .createTable('pickup_parts')
    .addColumn('order_id', 'text', (c) => c.notNull().references('web_orders.id'))
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('total_minor', 'integer', (c) => c.notNull())
    .addColumn('pickup_code_hash', 'text')
    .addColumn('qr_token', 'text')
    .addColumn('ready_at', 'text')
    .addColumn('hold_until', 'text')
    .addColumn('settled_at', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pickup_parts_pk', ['order_id', 'store_id'])
    .execute();
  await db.schema
    .createIndex('pickup_parts_store_status')
    .on('pickup_parts')
    .columns(['store_id', 'status'])
    .execute();
  await db.schema
    .createIndex('pickup_parts_hold')
    .on('pickup_parts')
    .columns(['status', 'hold_until'])
    .execute();

  await db.schema
    .createTable('pickup_handouts')
    .addColumn('pickup_id', 'text', (c) => c.primaryKey())
    .addColumn('op_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('verification', 'text', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('card_number', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('cashier_id', 'text')
    .addColumn('seen_revision', 'integer', (c) => c.notNull())
    .addColumn('wall_time', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pickup_handouts_outcome')
    .on('pickup_handouts')
    .columns(['outcome', 'received_at'])
    .execute();

  await db.schema
    .createTable('outbound_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('webshop_connections.id'))
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema
    .createIndex('outbound_events_due')
    .on('outbound_events')
    .columns(['status', 'next_attempt_at'])
    .execute();
}
