import { sql, type Kysely } from 'kysely';

/**
 * A return carries its sale's customer and card (`returns.customer_id`, `returns.card_number`),
 * each with an index by time, so HQ's customer timeline finds a customer's returns by one index
 * range (docs/identity.md §10). Before, it found them through the customer's sales: a customer
 * with twenty thousand sales and three returns cost twenty thousand probes of `returns`.
 *
 * The copy cannot drift: a sale's customer and card are set when the sale is recorded and only
 * ever cleared, by an erasure, which clears its returns' copies in the same transaction
 * (server/identity/erase.ts). Returns recorded before this migration take their sale's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('returns').addColumn('customer_id', 'text').execute();
  await db.schema.alterTable('returns').addColumn('card_number', 'text').execute();
  await sql`update returns set
      customer_id = (select sales.customer_id from sales where sales.id = returns.sale_id),
      card_number = (select sales.card_number from sales where sales.id = returns.sale_id)`.execute(db);
  await db.schema
    .createIndex('returns_customer')
    .on('returns')
    .columns(['customer_id', 'received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('returns_card')
    .on('returns')
    .columns(['card_number', 'received_at', 'id'])
    .execute();
}
