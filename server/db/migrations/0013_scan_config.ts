import type { Kysely } from 'kysely';

/**
 * Scan configuration set at HQ (docs/scanners.md, "Configuration from HQ").
 *
 * - `scan_configs`: every version of the chain's card schemes and scale-label rules, never
 *   rewritten, so HQ can see what a till read its labels with. The primary key on `version` is
 *   what refuses two admins saving on top of the same version at once.
 * - `products.item_code`: the code a scale prints inside a weighed label; null for goods that are
 *   never weighed (every product before this migration).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scan_configs')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('products').addColumn('item_code', 'text').execute();
}
