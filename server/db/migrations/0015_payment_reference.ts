import type { Kysely } from 'kysely';

/**
 * Card payments on the store's external terminal (docs/sync-protocol.md, the `card` payment):
 * `sale_payments.reference` keeps the terminal's reference or approval code, so a slip and a sale
 * can be matched. Null for cash, and for every payment recorded before this migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sale_payments').addColumn('reference', 'text').execute();
}
