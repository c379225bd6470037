import type { Kysely } from 'kysely';

/**
 * Online orders earn points (server/loyalty/orderPoints.ts). An entry written for a web-shop
 * order names it (`order_id`), and says how much of the customer's lifetime spend it counted
 * (`spend_minor`): when the order is cancelled or its total changes, the entry is reversed and
 * that spend taken back, whatever the order says by then. Both stay null on every other entry.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('loyalty_ledger').addColumn('order_id', 'text').execute();
  await db.schema.alterTable('loyalty_ledger').addColumn('spend_minor', 'bigint').execute();
  await db.schema.createIndex('loyalty_ledger_order').on('loyalty_ledger').column('order_id').execute();
}
