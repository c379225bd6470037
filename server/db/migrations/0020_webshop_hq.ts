import { sql, type Kysely } from 'kysely';

/**
 * HQ's work on web-shop orders (docs/operations.md §16).
 *
 * - `webshop_connections.disabled_at`: a disabled shop's webhooks are refused, nothing stored;
 *   its orders and their status webhooks stay.
 * - `web_orders.routing_override`: what a person decided for an order the server would not route
 *   by guessing (JSON: the whole order picked up at one store, or delivery only). Later updates of
 *   the order are routed by it too, so the order is not flagged again.
 * - `pickup_parts.shelved_at` / `shelved_by`: an expired part's goods are back on the shelf, and
 *   the HQ user who said so; the return-to-shelf list shows only parts not yet shelved.
 * - `pickup_part_history`: every change of a part's state, append-only, for the order's history
 *   at HQ. Parts that exist already get one row: their state as it stands, at their last change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('webshop_connections').addColumn('disabled_at', 'text').execute();
  await db.schema.alterTable('web_orders').addColumn('routing_override', 'text').execute();
  await db.schema.alterTable('pickup_parts').addColumn('shelved_at', 'text').execute();
  await db.schema.alterTable('pickup_parts').addColumn('shelved_by', 'text').execute();

  await db.schema
    .createTable('pickup_part_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pickup_part_history_order')
    .on('pickup_part_history')
    .columns(['order_id', 'id'])
    .execute();
  // The id only orders rows of one part; a backfilled row sorts before any later change's UUIDv7.
  await sql`insert into pickup_part_history (id, order_id, store_id, revision, from_status, to_status, at)
    select '0-' || order_id || '-' || store_id, order_id, store_id, revision, null, status, updated_at
    from pickup_parts`.execute(db);
}
