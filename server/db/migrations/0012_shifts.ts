import type { Kysely } from 'kysely';

/**
 * Cashiers, shifts and cash moves (docs/operations.md, shifts and cashiers).
 *
 * - `cashiers`: people who sign in at a store's tills with a PIN; `pin_hash` is the JSON of a
 *   salted scrypt hash (shared/domain/pinHash.ts), never the PIN.
 * - `shifts`: one row per `shift.open`; the `shift.close` fills the closing columns once, guarded by
 *   `closed_op_id IS NULL`, so a second close is refused (`shift_closed`).
 * - `cash_moves`: cash in and out of a drawer outside sales, each with its reason.
 * - `sales.cashier_id`, `sales.shift_id`: who rang a sale up, in which shift (null before 0012).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cashiers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('pin_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cashiers_store').on('cashiers').columns(['store_id', 'name']).execute();
  await db.schema
    .createTable('shifts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('cashier_id', 'text', (c) => c.notNull())
    .addColumn('open_op_id', 'text', (c) => c.notNull())
    .addColumn('opening_cash_minor', 'bigint', (c) => c.notNull())
    .addColumn('opened_wall_time', 'text', (c) => c.notNull())
    .addColumn('opened_received_at', 'text', (c) => c.notNull())
    .addColumn('closed_op_id', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('counted_cash_minor', 'bigint')
    .addColumn('expected_cash_minor', 'bigint')
    .addColumn('difference_minor', 'bigint')
    .addColumn('figures', 'text')
    .addColumn('closed_wall_time', 'text')
    .addColumn('closed_received_at', 'text')
    .execute();
  // HQ lists a store's shifts newest first by when the server learnt of them.
  await db.schema
    .createIndex('shifts_store')
    .on('shifts')
    .columns(['store_id', 'opened_received_at'])
    .execute();
  await db.schema
    .createTable('cash_moves')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('shift_id', 'text', (c) => c.notNull())
    .addColumn('cashier_id', 'text', (c) => c.notNull())
    .addColumn('op_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('wall_time', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cash_moves_shift').on('cash_moves').column('shift_id').execute();
  await db.schema.alterTable('sales').addColumn('cashier_id', 'text').execute();
  await db.schema.alterTable('sales').addColumn('shift_id', 'text').execute();
  await db.schema.createIndex('sales_shift').on('sales').column('shift_id').execute();
}
