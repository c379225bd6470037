import type { Kysely } from 'kysely';

/**
 * Cards issued at the till (`card.issue`).
 *
 * - `customer_consents`: each consent a customer gave or refused (personal data, marketing), with
 *   when, where and through which operation. Append-only, so a withdrawal later is a new row and
 *   the evidence of the first answer stays.
 * - `cards.issued_store_id` / `issued_device_id`: where a card was handed out; null for the cards
 *   that existed before, which were loaded at HQ.
 * - `card_issue_conflicts`: a card issue refused because another till issued the card first
 *   (`card_taken`), with the refused payload, so HQ still has that customer's details and
 *   consents to give them a new card or merge.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customer_consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('granted', 'integer', (c) => c.notNull())
    .addColumn('given_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.references('stores.id'))
    .addColumn('device_id', 'text', (c) => c.references('devices.id'))
    .addColumn('op_id', 'text')
    .execute();
  await db.schema
    .createIndex('customer_consents_customer')
    .on('customer_consents')
    .columns(['customer_id', 'kind'])
    .execute();
  await db.schema
    .createTable('card_issue_conflicts')
    .addColumn('op_id', 'text', (c) => c.primaryKey())
    .addColumn('card_number', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('card_issue_conflicts_card')
    .on('card_issue_conflicts')
    .column('card_number')
    .execute();
  await db.schema.alterTable('cards').addColumn('issued_store_id', 'text').execute();
  await db.schema.alterTable('cards').addColumn('issued_device_id', 'text').execute();
}
