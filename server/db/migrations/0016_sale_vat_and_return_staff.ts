import { sql, type Kysely } from 'kysely';

/**
 * What HQ reads of the tills' work (docs/operations.md §15).
 *
 * - `sale_lines.vat_rate_bp`: the VAT rate the line was sold at, in basis points, and
 *   `vat_rate_source`, where that figure came from: `till` (the line carried it), `product` (a till
 *   too old to send it; the product's rate when the server received the sale) or `default` (neither
 *   had one: the chain's default rate, 20 %). Lines recorded before this migration get the default
 *   and say so, since nothing recorded which rate their till printed.
 * - `products.vat_rate_bp`: a product's rate; null means the chain's default.
 * - `returns.cashier_id`, `returns.shift_id`, `returns.approved_by`: who gave the money back, in
 *   which shift, and the manager who approved it; null for returns from tills that do not send them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sale_lines').addColumn('vat_rate_bp', 'integer').execute();
  await db.schema.alterTable('sale_lines').addColumn('vat_rate_source', 'text').execute();
  // The default rate as it stood when this migration was written; later changes to it do not
  // rewrite history.
  await sql`update sale_lines set vat_rate_bp = 2000, vat_rate_source = 'default'`.execute(db);
  await db.schema.alterTable('products').addColumn('vat_rate_bp', 'integer').execute();
  await db.schema.alterTable('returns').addColumn('cashier_id', 'text').execute();
  await db.schema.alterTable('returns').addColumn('shift_id', 'text').execute();
  await db.schema.alterTable('returns').addColumn('approved_by', 'text').execute();
  // HQ lists a store's returns newest first by when the server received them.
  await db.schema.createIndex('returns_store').on('returns').columns(['store_id', 'received_at']).execute();
  await db.schema.createIndex('returns_shift').on('returns').column('shift_id').execute();
}
