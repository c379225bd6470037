import type { Kysely } from 'kysely';

/**
 * Returns in shifts (docs/operations.md §14): `returns.shift_id` and `returns.cashier_id` record
 * the shift and cashier a refund was given in, so HQ counts a shift's refunds beside its sales and
 * its Z report can be checked against what reached the server. Null for returns recorded before
 * this migration and for tills without cashiers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('returns').addColumn('shift_id', 'text').execute();
  await db.schema.alterTable('returns').addColumn('cashier_id', 'text').execute();
  await db.schema.createIndex('returns_shift_idx').on('returns').column('shift_id').execute();
}
