import type { Kysely } from 'kysely';

/**
 * Receipt link codes and returns (docs/sync-protocol.md §12).
 *
 * - `link_codes`: the code printed on a receipt, minted at random by the till offline and
 *   registered when its sale is applied. The primary key makes a code belong to one sale: a second
 *   sale bringing the same code is refused (`link_code_taken`). `status` is `pending` until the
 *   sale is applied, then `redeemable`, later `redeemed`; `attempts` counts failed redemptions.
 *   Nothing reads it publicly yet.
 * - `returns` and `return_lines`: a full or partial return of one sale, applied once per return id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('link_codes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('sale_id', 'text', (c) => c.notNull().unique())
    .addColumn('card_number', 'text')
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('redeemed_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('returns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('op_id', 'text', (c) => c.notNull())
    .addColumn('sale_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('refund_minor', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('wall_time', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('returns_sale').on('returns').column('sale_id').execute();
  await db.schema
    .createTable('return_lines')
    .addColumn('return_id', 'text', (c) => c.notNull())
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('quantity_milli', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('return_lines_pk', ['return_id', 'line_no'])
    .execute();
}
